"""`pids --picture FILE` and `compare --picture FILE`: the reply, drawn into a PNG file.

Only the terminal writes files, and only where its own user asked; Slack sends pictures
as uploads from a button and never reads a path from a learner.
"""

from __future__ import annotations

from pathlib import Path

from bot.core.demo.replies import DemoShown
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.picture.build import pid_picture, stack_picture
from bot.core.picture.models import Picture
from bot.core.picture.ports import Painter, PictureError
from bot.core.reply import Reply
from bot.core.vm.replies import CompareShown


def picture_of(reply: Reply, lang: Lang) -> Picture | None:
    """The picture a reply can be drawn as: a demo's PID map, or a comparison."""
    if isinstance(reply, DemoShown):
        return pid_picture(reply.views, lang)
    if isinstance(reply, CompareShown):
        return stack_picture(reply.comparison, lang)
    return None


def write_picture(picture: Picture, path: str, painter: Painter, lang: Lang) -> str:
    """Draw `picture` into `path`; return the sentence that says what happened."""
    if not path:
        return say("picture_needs_file", lang)
    try:
        png = painter.png(picture)
        target = Path(path).expanduser()
        target.write_bytes(png)
    except (PictureError, OSError) as error:
        return say("picture_failed", lang, error=str(error))
    return say("picture_written", lang, path=str(target), kb=len(png) / 1024)
