"""The one thing the core asks of a drawing library: a picture in, a PNG out."""

from __future__ import annotations

from typing import Protocol

from bot.core.picture.models import Picture


class PictureError(Exception):
    """The picture could not be drawn as it should be (say, a font is missing)."""


class Painter(Protocol):
    def png(self, picture: Picture) -> bytes:
        """The picture as PNG bytes; raises PictureError rather than draw it wrongly."""
        ...
