"""What the Slack listeners share: the tutor, per-user lookups, and background work.

Listeners only ack: `start` runs their work as a task, and `request` hands a demo command
to the learner's one worker, which runs the blocking tutor call in a thread and sends the
progress updates, in order, to one message that is edited in place.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.answer.replies import Script
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.tutor import Tutor
from bot.slack import blocks, learners
from bot.slack.blocks import Message, Origin
from bot.slack.locale_script import locale_script

log = logging.getLogger(__name__)
LISTINGS_KEPT = 500
EVENTS_REMEMBERED = 2000
MENUS_KEPT = 1000
QUIET_GAP = 0.05
BURST_WAIT_MAX = 1.0
DEMO_THREADS = 8
"""Tutor calls (Docker, the store) run here, apart from the event loop's default pool."""
DEMO_NICENESS = 10
"""Demo threads yield the CPU to the event loop, so acks stay fast while demos start."""


def _lower_priority() -> None:
    """Linux schedules threads on their own: lower this one, not the process."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), DEMO_NICENESS)
    except (OSError, AttributeError):
        log.debug("could not lower a demo thread's priority")


class Updates:
    """Edits one message in place; updates pushed from any thread arrive in order."""

    def __init__(
        self, loop: asyncio.AbstractEventLoop, send: Callable[[dict[str, Any]], Awaitable[Any]]
    ) -> None:
        self._loop = loop
        self._send = send
        self._last: asyncio.Future[None] | None = None

    def push(self, payload: dict[str, Any]) -> None:
        """Queue an update from a worker thread."""
        self._loop.call_soon_threadsafe(self._chain, payload)

    async def final(self, payload: dict[str, Any]) -> None:
        self._chain(payload)
        assert self._last is not None
        await self._last

    def _chain(self, payload: dict[str, Any]) -> None:
        previous = self._last
        self._last = asyncio.ensure_future(self._after(previous, payload))

    async def _after(self, previous: asyncio.Future[None] | None, payload: dict[str, Any]) -> None:
        if previous is not None:
            await asyncio.gather(previous, return_exceptions=True)
        try:
            await self._send(payload)
        except SlackApiError as error:
            log.warning("updating a message failed: %s", error.response.get("error"))


@dataclass(frozen=True)
class _Job:
    client: AsyncWebClient
    text: str
    origin_channel: str
    done: asyncio.Future[None]


class Session:
    """The Slack side's state: caches, the listing store and running tasks."""

    def __init__(self, tutor: Tutor) -> None:
        self.tutor = tutor
        self._dms: dict[str, str] = {}
        self._langs: dict[str, Lang] = {}
        self.scripts: dict[str, Script] = {}
        """Each learner's Chinese script as their Slack locale suggests (locale_script.py)."""
        self._listings: OrderedDict[tuple[str, str], Message] = OrderedDict()
        self._events: OrderedDict[str, None] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._menus: OrderedDict[tuple[str, str, Lang], Message] = OrderedDict()
        self._last_heard = 0.0
        self._waiting: dict[str, _Job] = {}
        self._workers: set[str] = set()
        self._lang_lookups: set[str] = set()
        self._demo_pool = ThreadPoolExecutor(
            max_workers=DEMO_THREADS, thread_name_prefix="tutor", initializer=_lower_priority
        )

    def start(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` after the ack; keep a reference so it is not collected mid-flight."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background work failed", exc_info=task.exception())

    async def drain(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def seen_event(self, event_id: str) -> bool:
        """True when this event was handled already (Slack retries until it hears back)."""
        if not event_id:
            return False
        if event_id in self._events:
            return True
        self._events[event_id] = None
        while len(self._events) > EVENTS_REMEMBERED:
            self._events.popitem(last=False)
        return False

    def close(self) -> None:
        """Drop queued tutor calls and wait for the running ones (a demo may be mid-create)."""
        self._demo_pool.shutdown(wait=True, cancel_futures=True)

    def menu(self, user: str, channel: str, lang: Lang) -> Message:
        """The help menu, built once per learner, channel and language: it does not change."""
        key = (user, channel, lang)
        if key not in self._menus:
            reply = self.tutor.handle(user, "help", lang=lang)
            self._menus[key] = blocks.message(reply, Origin(owner=user, channel=channel))
            while len(self._menus) > MENUS_KEPT:
                self._menus.popitem(last=False)
        return self._menus[key]

    def learn_lang(self, client: AsyncWebClient, user: str) -> None:
        """Look the learner's language up in the background, once, for the replies to come."""
        if user in self._langs or user in self._lang_lookups:
            return
        self._lang_lookups.add(user)
        self.start(self._learn_lang(client, user))

    async def _learn_lang(self, client: AsyncWebClient, user: str) -> None:
        try:
            await self.lang(client, user)
        finally:
            self._lang_lookups.discard(user)

    def lang_now(self, user: str) -> Lang:
        return self._langs.get(user, "en")

    async def lang(self, client: AsyncWebClient, user: str) -> Lang:
        """The learner's chosen language (`lang zh`), else their Slack locale (zh-* → Chinese).

        Looked up once per learner (concurrent callers share the lookup), then cached.
        """
        if user in self._langs:
            return self._langs[user]
        async with self._lock("lang", user):
            if user not in self._langs:
                self._langs[user] = await self._look_up_lang(client, user)
        return self._langs[user]

    def forget_lang(self, user: str) -> None:
        """After `lang en|zh` the next lookup reads the learner's new choice."""
        self._langs.pop(user, None)

    async def _look_up_lang(self, client: AsyncWebClient, user: str) -> Lang:
        chosen = await learners.chosen_lang(self.tutor, user)
        if chosen is not None:
            return chosen
        lang: Lang = "en"
        tz: str | None = None
        try:
            info = await client.users_info(user=user, include_locale=True)
            locale = str((info.get("user") or {}).get("locale") or "")
            lang = "zh" if locale.lower().startswith("zh") else "en"
            if script := locale_script(locale):
                self.scripts[user] = script
            tz = (info.get("user") or {}).get("tz")
        except SlackApiError as error:
            log.info("no locale for a user: %s", error.response.get("error"))
        await learners.remember(self.tutor, user, lang=lang, tz=tz)
        return lang

    async def dm(self, client: AsyncWebClient, user: str) -> str:
        if user in self._dms:
            return self._dms[user]
        async with self._lock("dm", user):
            if user not in self._dms:
                opened = await client.conversations_open(users=user)
                self._dms[user] = str(opened["channel"]["id"])
        return self._dms[user]

    def _lock(self, kind: str, user: str) -> asyncio.Lock:
        return self._locks.setdefault((kind, user), asyncio.Lock())

    def keep(self, channel: str, ts: str, message: Message) -> None:
        self._listings[(channel, ts)] = message
        while len(self._listings) > LISTINGS_KEPT:
            self._listings.popitem(last=False)

    def kept(self, channel: str, ts: str) -> Message | None:
        return self._listings.get((channel, ts))

    def request(
        self, client: AsyncWebClient, *, user: str, text: str, origin_channel: str
    ) -> asyncio.Future[None]:
        """Queue one tutor command for the learner's DM and return at once (fit for an ack).

        A learner's commands run one at a time; one still waiting when a newer one arrives
        is dropped (its future resolves), so a burst of clicks costs one demo, not a queue
        of them. The future resolves when the command has run, failed or been dropped.
        """
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        replaced = self._waiting.get(user)
        self._waiting[user] = _Job(client, text, origin_channel, done)
        if replaced is not None and not replaced.done.done():  # its waiter may be cancelled
            replaced.done.set_result(None)
        if user not in self._workers:
            self._workers.add(user)
            self.start(self._work_for(user))
        return done

    async def run_in_dm(
        self, client: AsyncWebClient, *, user: str, text: str, origin_channel: str
    ) -> None:
        """`request`, then wait for it: for steps that must follow one another."""
        await self.request(client, user=user, text=text, origin_channel=origin_channel)

    async def _work_for(self, user: str) -> None:
        """The learner's one worker: runs what is waiting until nothing is."""
        try:
            while user in self._waiting:
                await self._after_burst()  # the newest command of a burst is the one to run
                job = self._waiting.pop(user)
                try:
                    await self._run_in_dm(
                        job.client, user=user, text=job.text, origin_channel=job.origin_channel
                    )
                except Exception:
                    log.exception("a command in a learner's DM failed")
                finally:
                    if not job.done.done():
                        job.done.set_result(None)
        finally:
            self._workers.discard(user)

    def heard(self) -> None:
        """A request from Slack arrived (acks come first: see `_after_burst`)."""
        self._last_heard = time.monotonic()

    async def _after_burst(self) -> None:
        """Start engine work once Slack's traffic pauses, so a burst of commands (a class
        all typing at once) is acked first; never later than BURST_WAIT_MAX."""
        deadline = time.monotonic() + BURST_WAIT_MAX
        while time.monotonic() < deadline and time.monotonic() - self._last_heard < QUIET_GAP:
            await asyncio.sleep(QUIET_GAP)

    async def _run_in_dm(
        self, client: AsyncWebClient, *, user: str, text: str, origin_channel: str
    ) -> None:
        lang = await self.lang(client, user)
        dm = await self.dm(client, user)
        first = blocks.progress(
            say("progress_created" if text.startswith("run") else "progress_working", lang)
        )
        posted = await client.chat_postMessage(channel=dm, **first.payload())
        ts = str(posted["ts"])

        async def send(payload: dict[str, Any]) -> None:
            await client.chat_update(channel=dm, ts=ts, **payload)

        loop = asyncio.get_running_loop()
        updates = Updates(loop, send)

        def on_progress(key: str, params: dict[str, Any]) -> None:
            updates.push(blocks.progress(say(key, lang, **params)).payload())

        reply = await loop.run_in_executor(
            self._demo_pool,
            functools.partial(self.tutor.handle, user, text, lang=lang, notify=on_progress),
        )
        if text.split(" ", 1)[0].lower() == "lang":
            self.forget_lang(user)
        result = blocks.message(reply, Origin(owner=user, channel=origin_channel, dm=dm))
        self.keep(dm, ts, result)
        await updates.final(result.payload())
