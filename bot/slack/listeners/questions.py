"""Questions in Slack: mentions in channels, direct messages, and follow-ups in threads.

- `app_mention` in a channel: the answer goes in the question's thread.
- `message.im`: the answer goes in the DM (in the thread, when asked in one).
- a reply in a channel thread the tutor answered in: answered in that thread, without
  needing another mention.

Only plain messages from people are questions. The tutor posts demo results in the same
DMs, so every bot message (its own included), edit, deletion and other subtype is
ignored. Bolt acks each event before the listener runs; answering takes milliseconds
and is started as a task, so nothing waits on it.
"""

from __future__ import annotations

import asyncio
import functools
import html
import logging
import re
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any, Protocol

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.grammar import Command
from bot.core.tutor import Tutor
from bot.slack.blocks import dispatch
from bot.slack.blocks.kit import Origin
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks

log = logging.getLogger(__name__)
MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
THREADS_REMEMBERED = 2000


class Followed(Protocol):
    """Followed threads every replica sees (bot/store/shared.py)."""

    def follow(self, channel: str, thread_ts: str, *, now: datetime) -> None: ...

    def follows(self, channel: str, thread_ts: str) -> bool: ...


class Threads:
    """Channel threads the tutor answered in, so follow-ups there need no mention.

    With several replicas the shared database holds them, and memory is only a cache."""

    def __init__(self, limit: int = THREADS_REMEMBERED, shared: Followed | None = None) -> None:
        self._seen: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._limit = limit
        self._shared = shared

    async def add(self, channel: str, thread_ts: str) -> None:
        self._remember(channel, thread_ts)
        if self._shared is not None:
            try:
                await asyncio.to_thread(
                    self._shared.follow, channel, thread_ts, now=datetime.now(UTC)
                )
            except Exception as error:
                log.warning("a followed thread was not shared: %s", type(error).__name__)

    async def follows(self, channel: str, thread_ts: str) -> bool:
        if (channel, thread_ts) in self._seen:
            return True
        if self._shared is None:
            return False
        try:
            found = await asyncio.to_thread(self._shared.follows, channel, thread_ts)
        except Exception as error:
            log.warning("followed threads could not be read: %s", type(error).__name__)
            return False
        if found:
            self._remember(channel, thread_ts)
        return found

    def _remember(self, channel: str, thread_ts: str) -> None:
        self._seen[(channel, thread_ts)] = None
        self._seen.move_to_end((channel, thread_ts))
        while len(self._seen) > self._limit:
            self._seen.popitem(last=False)


def from_a_person(event: dict[str, Any], bot_user: str | None) -> bool:
    """A plain message typed by a person: not a bot (the tutor included), edit or deletion."""
    if event.get("subtype") or event.get("bot_id") or event.get("bot_profile"):
        return False
    user = str(event.get("user") or "")
    return bool(user) and user != bot_user


def question_text(text: str) -> str:
    """The question without mentions, with Slack's escapes (&lt; &gt; &amp;) undone."""
    return html.unescape(MENTION.sub(" ", text)).strip()


def register(
    app: AsyncApp,
    *,
    tutor: Tutor,
    tasks: Tasks,
    lookups: Lookups,
    followed: Followed | None = None,
) -> None:
    threads = Threads(shared=followed)
    answer = functools.partial(answer_question, tutor=tutor, lookups=lookups, threads=threads)

    @app.event("app_mention")
    async def on_mention(
        event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        work = mention(event, client, context.bot_user_id, answer=answer)
        if work is not None:
            tasks.start(work)

    @app.event("message")
    async def on_message(
        event: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        work = message(event, client, context.bot_user_id, threads=threads, answer=answer)
        if work is not None:
            tasks.start(work)


AnswerQuestion = Callable[..., Coroutine[Any, Any, None]]
"""`answer_question` with its parts bound: answers one question in its place."""


def mention(
    event: dict[str, Any], client: AsyncWebClient, bot_user: str | None, *, answer: AnswerQuestion
) -> Coroutine[Any, Any, None] | None:
    """A mention in a channel: answered in the question's thread."""
    if not from_a_person(event, bot_user):
        return None
    channel = str(event.get("channel", ""))
    thread = str(event.get("thread_ts") or event.get("ts") or "")
    text = str(event.get("text") or "")
    return answer(
        client, user=str(event["user"]), channel=channel, text=text, thread_ts=thread or None
    )


def message(
    event: dict[str, Any],
    client: AsyncWebClient,
    bot_user: str | None,
    *,
    threads: Threads,
    answer: AnswerQuestion,
) -> Coroutine[Any, Any, None] | None:
    """A DM, or a follow-up in a channel thread the tutor answered in: the work to start."""
    if not from_a_person(event, bot_user):
        return None
    channel = str(event.get("channel", ""))
    text = str(event.get("text") or "")
    thread = event.get("thread_ts")
    user = str(event["user"])
    if event.get("channel_type") == "im":
        thread_ts = str(thread) if thread else None
        return answer(client, user=user, channel=channel, text=text, thread_ts=thread_ts)
    mentioned = bot_user and f"<@{bot_user}" in text
    if thread and not mentioned:
        work = functools.partial(
            answer, client, user=user, channel=channel, text=text, thread_ts=str(thread)
        )
        return _if_followed(threads, channel, str(thread), work)
    return None


async def _if_followed(
    threads: Threads,
    channel: str,
    thread_ts: str,
    work: Callable[[], Coroutine[Any, Any, None]],
) -> None:
    """A follow-up without a mention is answered only in a thread the tutor is in."""
    if await threads.follows(channel, thread_ts):
        await work()


async def answer_question(
    client: AsyncWebClient,
    *,
    user: str,
    channel: str,
    text: str,
    thread_ts: str | None,
    tutor: Tutor,
    lookups: Lookups,
    threads: Threads,
) -> None:
    """Answer from the lessons (`ask`), in the thread, and remember the thread."""
    lang = await lookups.lang(client, user)
    question = Command("ask", question_text(text))
    reply = tutor.handle(user, question, lang=lang, script=lookups.script(user))
    dm = channel if channel.startswith("D") else ""
    shown = dispatch.message(reply, Origin(owner=user, channel=channel, dm=dm))
    try:
        await client.chat_postMessage(channel=channel, thread_ts=thread_ts, **shown.payload())
    except SlackApiError as error:
        log.warning("posting an answer failed: %s", error.response.get("error"))
        return
    if thread_ts and not dm:
        await threads.add(channel, thread_ts)
