"""`pids --picture FILE` and `compare --picture FILE`: the reply, drawn into a PNG file.

Only the terminal and the shell command write files, and only where their own user
asked; Slack sends pictures as uploads from a button and never reads a path from a
learner.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.picture.build import picture_of
from bot.core.picture.ports import Painter, PictureError
from bot.core.reply import Reply


@dataclass(frozen=True)
class Drawn:
    written: bool
    message: str


def draw(reply: Reply, path: str, lang: Lang, painter: Painter | None = None) -> Drawn | None:
    """Draw what `reply` showed into `path`; None when the reply has no picture (an error)."""
    picture = picture_of(reply)
    if picture is None:
        return None
    if not path:
        return Drawn(False, say("picture_needs_file", lang))
    if painter is None:
        from bot.pictures.painter import CairoPainter

        painter = CairoPainter()
    try:
        png = painter.png(picture)
        target = Path(path).expanduser()
        target.write_bytes(png)
    except (PictureError, OSError) as error:
        return Drawn(False, say("picture_failed", lang, error=str(error)))
    return Drawn(True, say("picture_written", lang, path=str(target), kb=len(png) / 1024))
