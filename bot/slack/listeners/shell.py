"""*Run a command*: the button opens a modal, and its submission runs `sh` in the learner's DM.

The modal opens at once (Slack's trigger id lasts 3 s); the command itself goes to the
learner's one worker like any engine command. The container is always the submitter's own:
the modal's metadata only says where to answer, never whose demo to use.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.grammar import Command, clean_text
from bot.core.messages import say
from bot.slack.blocks import shell as shell_blocks
from bot.slack.blocks.kit import read_value
from bot.slack.listeners.buttons import Clicked, on_buttons, tell
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks
from bot.slack.worker import Worker

OPEN = re.compile(f"^{re.escape(shell_blocks.OPEN_ACTION)}$")


def register(app: AsyncApp, *, tasks: Tasks, lookups: Lookups, worker: Worker) -> None:
    work = functools.partial(open_modal, lookups=lookups)
    on_buttons(app, tasks=tasks, lookups=lookups, action_ids=OPEN, not_yours="not_yours", work=work)

    @app.action(shell_blocks.TERMINAL_ACTION)
    async def terminal_link(ack: AsyncAck) -> None:
        await ack()  # the browser opens the link; there is nothing else to do

    @app.view(shell_blocks.MODAL_CALLBACK)
    async def on_submitted(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        run_submitted(body, client, worker=worker)


def run_submitted(body: dict[str, Any], client: AsyncWebClient, *, worker: Worker) -> None:
    """The modal's command goes to the submitter's worker, as if they had typed `sh …`."""
    user = str((body.get("user") or {}).get("id", ""))
    view = body.get("view") or {}
    origin = read_value(str(view.get("private_metadata") or "{}")).origin
    command = Command("sh", clean_text(shell_blocks.submitted(view)))
    if user:
        worker.request(client, user=user, command=command, origin_channel=origin.channel)


async def open_modal(clicked: Clicked, *, lookups: Lookups) -> None:
    """The owner's click opens the modal (`on_buttons` has turned anyone else away)."""
    lang = lookups.lang_now(clicked.user)
    trigger = str(clicked.body.get("trigger_id", ""))
    try:
        await clicked.client.views_open(
            trigger_id=trigger, view=shell_blocks.modal(clicked.click.origin, lang)
        )
    except SlackApiError as error:
        await tell(clicked.respond, say("sh_modal_failed", lang, error=error.response.get("error")))
