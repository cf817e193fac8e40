"""*Run a command*: the button opens a modal, and its submission runs `sh` in the learner's DM;
*Open a terminal* picked from a menu answers with a fresh link.

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

from bot.core.demo.replies import DemoShown, WalkShown
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


async def open_terminal(clicked: Clicked, *, lookups: Lookups) -> None:
    """*Open a terminal* picked from a walk's menu: a link, minted now, to the demo that
    message shows, for the clicker only (`on_buttons` has turned anyone else away)."""
    lang = lookups.lang_now(clicked.user)
    kept = await lookups.kept(*clicked.message_key)
    reply = kept.reply if kept is not None else None
    if not isinstance(reply, WalkShown | DemoShown):
        await tell(clicked.respond, say("share_failed", lang, error="message expired"))
        return
    ref = reply.views.container
    if ref.state != "running":
        await tell(clicked.respond, say("terminal_no_demo", lang))
        return
    origin = clicked.click.origin
    message = shell_blocks.terminal_message(origin, lang, container=ref.id, name=ref.name)
    await clicked.respond(response_type="ephemeral", replace_original=False, **message.payload())


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
