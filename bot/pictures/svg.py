"""Lay a picture out as SVG, the PID picture or the stacks picture, in one font family."""

from __future__ import annotations

from bot.core.picture.models import Picture, PidPicture
from bot.pictures.canvas import FONT, Canvas
from bot.pictures.pid_layout import draw_pids
from bot.pictures.stack_layout import draw_stacks


def svg(picture: Picture, *, font: str = FONT) -> str:
    canvas = Canvas(font)
    if isinstance(picture, PidPicture):
        return draw_pids(canvas, picture)
    return draw_stacks(canvas, picture)
