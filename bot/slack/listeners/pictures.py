"""*Show as a picture*: the reply the learner clicked on, drawn and sent to their DM.

The picture is drawn from the reply the message showed (kept with the message), so its
numbers are the ones the learner saw. Only the reply's owner may ask (`on_buttons`).
"""

from __future__ import annotations

import functools
import re

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot.core.messages import say
from bot.core.picture.build import picture_of
from bot.core.picture.ports import Painter, PictureError
from bot.slack.blocks.picture import PICTURE_PREFIX
from bot.slack.listeners.buttons import Clicked, on_buttons, tell
from bot.slack.lookups import Lookups
from bot.slack.picture_upload import send_picture
from bot.slack.tasks import Tasks

PICTURES = re.compile(rf"^{re.escape(PICTURE_PREFIX)}")


def register(app: AsyncApp, *, tasks: Tasks, lookups: Lookups, painter: Painter) -> None:
    work = functools.partial(picture_button, lookups=lookups, painter=painter)
    on_buttons(
        app, tasks=tasks, lookups=lookups, action_ids=PICTURES, not_yours="not_yours", work=work
    )


async def picture_button(clicked: Clicked, *, lookups: Lookups, painter: Painter) -> None:
    lang = lookups.lang_now(clicked.user)
    kept = await lookups.kept(*clicked.message_key)
    picture = picture_of(kept.reply) if kept is not None and kept.reply is not None else None
    if picture is None:
        await tell(clicked.respond, say("share_failed", lang, error="message expired"))
        return
    try:
        dm = await lookups.dm(clicked.client, clicked.user)
        await send_picture(clicked.client, channel=dm, picture=picture, painter=painter)
    except PictureError as error:
        await tell(clicked.respond, say("picture_failed", lang, error=str(error)))
        return
    except SlackApiError as error:
        message = say("share_failed", lang, error=error.response.get("error"))
        await tell(clicked.respond, message)
        return
    await tell(clicked.respond, say("picture_sent", lang))
