"""Send a picture of a reply to the learner's DM: drawn off the event loop, then uploaded.

`files_upload_v2` takes three calls (files.getUploadURLExternal with the length and the
alt text, a POST of the bytes to the URL it returns, files.completeUploadExternal to share
it in the DM); each is a plain Web API call, so Socket Mode needs nothing more.
"""

from __future__ import annotations

import asyncio

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.picture.models import Picture, PidPicture
from bot.core.picture.ports import Painter, PictureError
from bot.core.picture.words import alt_text

MAX_PICTURE_BYTES = 1_000_000
"""Far below Slack's file limit; the pictures measure about 100 KB (bench/pictures.py)."""


def filename(picture: Picture) -> str:
    return (
        "container-tutor-pids.png" if isinstance(picture, PidPicture) else "container-tutor-vm.png"
    )


async def send_picture(
    client: AsyncWebClient, *, channel: str, picture: Picture, painter: Painter
) -> str:
    """Draw and upload `picture` to `channel`; return the uploaded file's id."""
    png = await asyncio.get_running_loop().run_in_executor(None, painter.png, picture)
    if len(png) > MAX_PICTURE_BYTES:
        raise PictureError(f"the picture is {len(png)} bytes, over {MAX_PICTURE_BYTES}")
    sent = await client.files_upload_v2(
        channel=channel,
        file=png,
        filename=filename(picture),
        title=picture.title,
        alt_txt=alt_text(picture),
    )
    file = sent.get("file") or {}
    return str(file.get("id", ""))
