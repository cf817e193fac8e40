"""*Show as a picture*: the reply the learner clicked on, drawn and sent to their DM.

The picture is drawn from the reply the message showed (kept by the session with the
message), so its numbers are the ones the learner saw. Only the reply's owner may ask.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import say
from bot.core.picture.build import picture_of
from bot.core.picture.ports import Painter, PictureError
from bot.slack import blocks
from bot.slack.listeners.buttons import on_buttons
from bot.slack.picture_blocks import PICTURE_PREFIX
from bot.slack.picture_upload import send_picture
from bot.slack.session import Session

PICTURES = re.compile(rf"^{re.escape(PICTURE_PREFIX)}")


def register(app: AsyncApp, session: Session, painter: Painter) -> None:
    on_buttons(app, session, PICTURES, functools.partial(_on_picture, painter=painter))


async def _on_picture(
    session: Session,
    client: AsyncWebClient,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
    *,
    painter: Painter,
) -> None:
    clicker = str((body.get("user") or {}).get("id", ""))
    origin, _extra = blocks.read_value(str(action.get("value", "")))
    lang = await session.lang(client, clicker)
    if not clicker or origin.owner != clicker:
        await _tell(respond, say("not_yours", lang, owner=origin.owner or "someone"))
        return
    channel = str((body.get("channel") or {}).get("id", ""))
    kept = session.kept(channel, str((body.get("message") or {}).get("ts", "")))
    picture = picture_of(kept.reply) if kept is not None and kept.reply is not None else None
    if picture is None:
        await _tell(respond, say("share_failed", lang, error="message expired"))
        return
    try:
        dm = await session.dm(client, clicker)
        await send_picture(client, channel=dm, picture=picture, painter=painter)
    except PictureError as error:
        await _tell(respond, say("picture_failed", lang, error=str(error)))
        return
    except SlackApiError as error:
        await _tell(respond, say("share_failed", lang, error=error.response.get("error")))
        return
    await _tell(respond, say("picture_sent", lang))


async def _tell(respond: AsyncRespond, text: str) -> None:
    """A note only the clicker sees, leaving the message they clicked untouched."""
    await respond(response_type="ephemeral", replace_original=False, text=text)
