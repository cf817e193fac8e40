"""The core's `Painter` port, on cairosvg: the SVG from `svg.py` rendered to PNG by cairo.

cairo draws all text in the one family the SVG names, with no per-character fallback, so
before drawing, the painter asks the font library which font that family resolves to and
whether it has a glyph for every character: a missing CJK font is an error, never a
picture of empty boxes.
"""

from __future__ import annotations

from bot.core.picture.models import Picture
from bot.core.picture.ports import PictureError
from bot.pictures.canvas import FONT
from bot.pictures.fonts import font_for, missing_glyphs
from bot.pictures.svg import svg

FONT_PACKAGE = "fonts-wqy-microhei"


class CairoPainter:
    def __init__(self, *, font: str = FONT) -> None:
        self.font = font

    def prepare(self) -> None:
        """Import cairo now (0.1-0.3 s), so the first picture a learner asks for is quick."""
        import cairosvg  # noqa: F401

    def png(self, picture: Picture) -> bytes:
        return self.png_of(svg(picture, font=self.font))

    def png_of(self, drawn: str) -> bytes:
        """Render an SVG made by `svg.svg`, after checking its font."""
        self.check_font(drawn)
        import cairosvg  # imported by `prepare` where start-up should pay for it

        png = cairosvg.svg2png(bytestring=drawn.encode("utf-8"))
        if not isinstance(png, bytes):
            raise PictureError("cairosvg returned no PNG")
        return png

    def check_font(self, text: str) -> None:
        found = font_for(self.font)
        if not found.is_family(self.font):
            raise PictureError(
                f"the font {self.font!r} is not installed (fontconfig offers "
                f"{', '.join(found.families) or 'nothing'}): install Debian's {FONT_PACKAGE}"
            )
        missing = missing_glyphs("".join(ch for ch in text if not ch.isascii()), self.font)
        if missing:
            raise PictureError(
                f"the font {self.font!r} has no glyph for {''.join(sorted(missing))[:20]!r}"
            )
