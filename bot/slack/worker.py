"""Each learner's one worker: their commands run in order, off the event loop, after the acks.

Listeners only ack; `request` hands a parsed command to the learner's worker and returns.
The worker waits for Slack's traffic to pause (acks come first), runs the blocking tutor
call on a small pool of lower-priority threads, and shows the result: in the learner's DM,
as one progress message edited in place, or through the `deliver` the caller gave (a quiz
click updates the message that was clicked).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.grammar import Command
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.notes import Notify
from bot.core.reply import Reply
from bot.core.tutor import Tutor
from bot.slack.blocks import dispatch
from bot.slack.blocks.kit import Origin, progress
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks

log = logging.getLogger(__name__)
QUIET_GAP = 0.05
BURST_WAIT_MAX = 1.0
DEMO_THREADS = 8
"""Tutor calls (Docker, the store) run here, apart from the event loop's default pool."""
DEMO_NICENESS = 10
"""Demo threads yield the CPU to the event loop, so acks stay fast while demos start."""

Deliver = Callable[[Reply, Lang], Awaitable[None]]
"""Shows a reply somewhere other than a new DM message (the caller knows where)."""


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
    command: Command
    origin_channel: str
    deliver: Deliver | None
    done: asyncio.Future[None]


class Worker:
    """Runs each learner's commands one at a time; a burst of clicks costs one command."""

    def __init__(self, *, tutor: Tutor, lookups: Lookups, tasks: Tasks) -> None:
        self._tutor = tutor
        self._lookups = lookups
        self._tasks = tasks
        self._last_heard = 0.0
        self._waiting: dict[str, _Job] = {}
        self._workers: set[str] = set()
        self._pool = ThreadPoolExecutor(
            max_workers=DEMO_THREADS, thread_name_prefix="tutor", initializer=_lower_priority
        )

    def heard(self) -> None:
        """A request from Slack arrived (acks come first: see `_after_burst`)."""
        self._last_heard = time.monotonic()

    def close(self) -> None:
        """Drop queued tutor calls and wait for the running ones (a demo may be mid-create)."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def request(
        self,
        client: AsyncWebClient,
        *,
        user: str,
        command: Command,
        origin_channel: str = "",
        deliver: Deliver | None = None,
    ) -> asyncio.Future[None]:
        """Queue one command for the learner and return at once (fit for an ack).

        A learner's commands run one at a time; one still waiting when a newer one arrives
        is dropped (its future resolves), so a burst of clicks costs one demo, not a queue
        of them. The future resolves when the command has run, failed or been dropped.
        """
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        replaced = self._waiting.get(user)
        self._waiting[user] = _Job(client, command, origin_channel, deliver, done)
        if replaced is not None and not replaced.done.done():  # its waiter may be cancelled
            replaced.done.set_result(None)
        if user not in self._workers:
            self._workers.add(user)
            self._tasks.start(self._work_for(user))
        return done

    async def run(
        self, client: AsyncWebClient, *, user: str, command: Command, origin_channel: str = ""
    ) -> None:
        """`request`, then wait for it: for steps that must follow one another."""
        await self.request(client, user=user, command=command, origin_channel=origin_channel)

    async def _work_for(self, user: str) -> None:
        """The learner's one worker: runs what is waiting until nothing is."""
        try:
            while user in self._waiting:
                await self._after_burst()  # the newest command of a burst is the one to run
                job = self._waiting.pop(user)
                try:
                    await self._run(user, job)
                except Exception:
                    log.exception("a command in a learner's DM failed")
                finally:
                    if not job.done.done():
                        job.done.set_result(None)
        finally:
            self._workers.discard(user)

    async def _after_burst(self) -> None:
        """Start engine work once Slack's traffic pauses, so a burst of commands (a class
        all typing at once) is acked first; never later than BURST_WAIT_MAX."""
        deadline = time.monotonic() + BURST_WAIT_MAX
        while time.monotonic() < deadline and time.monotonic() - self._last_heard < QUIET_GAP:
            await asyncio.sleep(QUIET_GAP)

    async def _run(self, user: str, job: _Job) -> None:
        lang = await self._lookups.lang(job.client, user)
        if job.deliver is not None:
            reply = await self._handle(user, job.command, lang)
            await job.deliver(reply, lang)
        else:
            await self._run_in_dm(job.client, user, job.command, job.origin_channel, lang)
        if job.command.verb == "lang":
            self._lookups.forget_lang(user)

    async def _handle(
        self, user: str, command: Command, lang: Lang, notify: Notify | None = None
    ) -> Reply:
        call = functools.partial(self._tutor.handle, user, command, lang=lang)
        if notify is not None:
            call = functools.partial(call, notify=notify)
        return await asyncio.get_running_loop().run_in_executor(self._pool, call)

    async def _run_in_dm(
        self, client: AsyncWebClient, user: str, command: Command, origin_channel: str, lang: Lang
    ) -> None:
        dm = await self._lookups.dm(client, user)
        note = "progress_created" if command.verb == "run" else "progress_working"
        posted = await client.chat_postMessage(channel=dm, **progress(say(note, lang)).payload())
        ts = str(posted["ts"])

        async def send(payload: dict[str, Any]) -> None:
            await client.chat_update(channel=dm, ts=ts, **payload)

        updates = Updates(asyncio.get_running_loop(), send)

        def on_progress(key: str, params: dict[str, Any]) -> None:
            updates.push(progress(say(key, lang, **params)).payload())

        reply = await self._handle(user, command, lang, on_progress)
        result = dispatch.message(reply, Origin(owner=user, channel=origin_channel, dm=dm))
        result.reply = reply  # a picture of it is drawn from the data, not the blocks
        self._lookups.keep(dm, ts, result)
        await updates.final(result.payload())
