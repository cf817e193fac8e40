"""*Run a command*: the button opens a modal, and its submission runs `sh` in the learner's DM.

The modal opens at once (Slack's trigger id lasts 3 s); the command itself goes to the
learner's one worker like any demo command. The container is always the submitter's own:
the modal's metadata only says where to answer, never whose demo to use.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import say
from bot.slack import blocks, shell_blocks
from bot.slack.listeners.buttons import on_buttons
from bot.slack.session import Session


def register(app: AsyncApp, session: Session) -> None:
    on_buttons(app, session, re.compile(f"^{re.escape(shell_blocks.OPEN_ACTION)}$"), _open)

    @app.action(shell_blocks.TERMINAL_ACTION)
    async def terminal_link(ack: AsyncAck) -> None:
        await ack()  # the browser opens the link; there is nothing else to do

    @app.view(shell_blocks.MODAL_CALLBACK)
    async def run_submitted(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        user = str((body.get("user") or {}).get("id", ""))
        view = body.get("view") or {}
        origin, _ = blocks.read_value(str(view.get("private_metadata") or "{}"))
        text = shell_blocks.submitted(view)
        if user:
            session.request(client, user=user, text=f"sh {text}", origin_channel=origin.channel)


async def _open(
    session: Session,
    client: AsyncWebClient,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
) -> None:
    clicker = str((body.get("user") or {}).get("id", ""))
    origin, _ = blocks.read_value(str(action.get("value", "")))
    lang = session.lang_now(clicker)
    if not clicker or origin.owner != clicker:
        text = say("not_yours", lang, owner=origin.owner or "someone")
        await respond(response_type="ephemeral", replace_original=False, text=text)
        return
    try:
        await client.views_open(
            trigger_id=str(body.get("trigger_id", "")), view=shell_blocks.modal(origin, lang)
        )
    except SlackApiError as error:
        text = say("sh_modal_failed", lang, error=error.response.get("error"))
        await respond(response_type="ephemeral", replace_original=False, text=text)
