"""Buttons on demo replies: a step runs its command; "Share" and "Show all" resend a reply."""

from __future__ import annotations

import functools
import re

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.replies import Notice
from bot.core.reply import Reply
from bot.slack.blocks.kit import ACTION_PREFIX, context, fit
from bot.slack.listeners.buttons import ButtonWork, Clicked, on_buttons, tell
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks
from bot.slack.worker import Worker

ACTIONS = re.compile(rf"^{re.escape(ACTION_PREFIX)}")


def register(
    app: AsyncApp,
    *,
    tasks: Tasks,
    lookups: Lookups,
    worker: Worker,
    picture: ButtonWork | None = None,
    shell: ButtonWork | None = None,
    terminal: ButtonWork | None = None,
) -> None:
    """`picture` draws the clicked reply, `shell` opens the *Run a command* modal and
    `terminal` answers with a terminal link: a walk's menu offers them beside its other
    options."""
    work = functools.partial(
        demo_button,
        lookups=lookups,
        worker=worker,
        picture=picture,
        shell=shell,
        terminal=terminal,
    )
    on_buttons(
        app, tasks=tasks, lookups=lookups, action_ids=ACTIONS, not_yours="not_yours", work=work
    )


async def demo_button(
    clicked: Clicked,
    *,
    lookups: Lookups,
    worker: Worker,
    picture: ButtonWork | None = None,
    shell: ButtonWork | None = None,
    terminal: ButtonWork | None = None,
) -> None:
    """A click by the reply's owner: its command goes to their worker, like a typed one."""
    what = clicked.click.extra.get("a", "")
    if what == "picture" and picture is not None:
        await picture(clicked)
    elif what == "sh" and shell is not None:
        await shell(clicked)
    elif what == "terminal" and terminal is not None:
        await terminal(clicked)
    elif what == "share":
        await share(clicked, lookups=lookups)
    elif what == "show_all":
        await show_all(clicked, lookups=lookups)
    elif clicked.click.command is not None and clicked.click.command.verb == "walk":
        deliver = functools.partial(show_in_place, clicked=clicked, worker=worker)
        worker.request(
            clicked.client,
            user=clicked.user,
            command=clicked.click.command,
            deliver=deliver,
            in_place=clicked.message_key,
        )
    elif clicked.click.command is not None:
        worker.request(
            clicked.client,
            user=clicked.user,
            command=clicked.click.command,
            origin_channel=clicked.click.origin.channel,
        )


async def show_in_place(reply: Reply, _lang: Lang, *, clicked: Clicked, worker: Worker) -> None:
    """A walk's step replaces the clicked one (chat.update, kept in the outbox if Slack
    refuses it); a refusal is a note only the clicker sees."""
    if isinstance(reply, Notice):
        await tell(clicked.respond, reply.text)
        return
    await worker.replace(
        clicked.client, clicked.user, clicked.message_key, clicked.click.origin, reply
    )


async def share(clicked: Clicked, *, lookups: Lookups) -> None:
    """Post the reply in the channel the learner asked from, for everyone there."""
    user, origin = clicked.user, clicked.click.origin
    lang = lookups.lang_now(user)
    kept = await lookups.kept(*clicked.message_key)
    if kept is None or not origin.channel:
        await tell(clicked.respond, say("share_failed", lang, error="message expired"))
        return
    shared = [context(say("shared_by", lang, user=user)), *kept.blocks]
    try:
        await clicked.client.chat_postMessage(
            channel=origin.channel, text=kept.text, blocks=fit(shared)
        )
    except SlackApiError as error:
        await tell(clicked.respond, say("share_failed", lang, error=error.response.get("error")))


async def show_all(clicked: Clicked, *, lookups: Lookups) -> None:
    """Send the whole listing of a cut reply as a file in the learner's DM."""
    user = clicked.user
    lang = lookups.lang_now(user)
    kept = await lookups.kept(*clicked.message_key)
    if kept is None or not kept.full_listing:
        await tell(clicked.respond, say("share_failed", lang, error="message expired"))
        return
    try:
        dm = await lookups.dm(clicked.client, user)
        await clicked.client.files_upload_v2(
            channel=dm,
            content=kept.full_listing,
            filename="container-tutor-listing.txt",
            title="container-tutor: full listing",
        )
    except (SlackApiError, aiohttp.ClientError, TimeoutError, ConnectionError) as error:
        await tell(clicked.respond, say("upload_failed", lang, error=_reason(error)))
        return
    await tell(clicked.respond, say("sent_file", lang))


def _reason(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error") or error.response.status_code)
    return type(error).__name__
