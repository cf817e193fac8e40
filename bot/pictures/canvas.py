"""What both pictures draw with: an SVG canvas of boxes and text, and text measured to fit.

Text stays text (not paths), so the SVG's text layer holds every number the picture shows.
Sizes suit Slack's preview: a 1200 px wide picture shown about 360 px tall on a phone keeps
22 px text readable. All text is escaped; commands come from the demo, not from us.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape, quoteattr

FONT = "WenQuanYi Micro Hei"
"""One family for every script: Debian's fonts-wqy-microhei covers Latin, Traditional and
Simplified Chinese, so no character needs a fallback font."""
WIDTH = 1200
PAD = 20
INK = "#1f2933"
MUTED = "#52606d"
KERNEL_FILL = "#2d3e50"
HARDWARE_FILL = "#7b8794"


def text_width(text: str, size: float) -> float:
    """An estimate that errs wide: CJK characters are square, Latin ones about 0.55 em."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in ("W", "F"))
    return (wide + 0.55 * (len(text) - wide)) * size


def fit(text: str, size: float, room: float) -> str:
    """`text`, cut with an ellipsis where it would overflow `room` pixels."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


class Canvas:
    """SVG elements in drawing order, and the document that holds them."""

    def __init__(self, font: str) -> None:
        self.font = font
        self.parts: list[str] = []

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: str,
        line: str = "none",
        width: float = 2,
        radius: float = 8,
        dashed: bool = False,
    ) -> None:
        dash = ' stroke-dasharray="8 6"' if dashed else ""
        self.parts.append(
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="{radius}" '
            f'fill="{fill}" stroke="{line}" stroke-width="{width}"{dash}/>'
        )

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float,
        colour: str = INK,
        bold: bool = False,
        anchor: str = "start",
        room: float | None = None,
        cls: str = "",
    ) -> None:
        shown = fit(text, size, room) if room is not None else text
        weight = ' font-weight="bold"' if bold else ""
        klass = f" class={quoteattr(cls)}" if cls else ""
        self.parts.append(
            f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" fill="{colour}"'
            f' text-anchor="{anchor}"{weight}{klass}>{escape(shown)}</text>'
        )

    def document(self, height: float, title: str) -> str:
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
            f'viewBox="0 0 {WIDTH} {height:.0f}" font-family={quoteattr(self.font)}>'
            f"<title>{escape(title)}</title>"
            f'<rect width="{WIDTH}" height="{height:.0f}" fill="#ffffff"/>'
        )
        return "".join([head, *self.parts, "</svg>"])


def bar(canvas: Canvas, y: float, label: str, *, fill: str, height: float, cls: str = "") -> None:
    """A full-width bar with its label centred: a kernel, or the hardware under it."""
    canvas.rect(PAD, y, WIDTH - 2 * PAD, height, fill=fill)
    size = 24 if height > 50 else 20
    canvas.text(
        WIDTH / 2,
        y + height / 2 + size * 0.36,
        label,
        size=size,
        colour="#ffffff",
        anchor="middle",
        room=WIDTH - 4 * PAD,
        cls=cls,
    )
