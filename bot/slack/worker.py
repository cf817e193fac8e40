"""Each learner's one worker: their commands run in order, off the event loop, after the acks.

Listeners only ack; `request` hands a parsed command to the learner's worker and returns.
The worker waits for Slack's traffic to pause (acks come first), runs the blocking tutor
call on a small pool of lower-priority threads (demo starts, learners' own `sh` commands and
everything else each have their own), and shows the result: in the learner's DM,
as one progress message edited in place, or through the `deliver` the caller gave (a quiz
click updates the message that was clicked).

A `run` or `vm` goes to `DemoRuns` instead: while it waits for a slot it holds no thread
and does not hold up the learner's other commands.
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
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.grammar import SHELL_VERBS, Command
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.notes import Notify
from bot.core.reply import Reply
from bot.core.tutor import Tutor
from bot.slack.blocks import dispatch
from bot.slack.blocks.kit import Origin, context, progress
from bot.slack.delivery import Delivery
from bot.slack.demo_runs import DemoRuns, gates
from bot.slack.lookups import Lookups
from bot.slack.marks import ProgressMarks
from bot.slack.tasks import Tasks
from bot.slack.updates import Updates

log = logging.getLogger(__name__)
QUIET_GAP = 0.05
BURST_WAIT_MAX = 1.0
DEMO_THREADS = 8
"""Demo starts (Docker, seconds each) run here: one per live-demo slot."""
SHELL_THREADS = 4
"""Learners' own commands (`sh`, up to 10 s each) run here, never in front of a view or quiz."""
QUICK_THREADS = 4
"""Everything else (views of a live demo, quizzes, the store) runs here, never behind a start."""
DEMO_NICENESS = 10
"""Tutor threads yield the CPU to the event loop, so acks stay fast while demos start."""
STARTING_VERBS = frozenset({"run", "vm", "compare"})
Pool = Literal["start", "sh", "quick"]
THREADS: dict[Pool, tuple[int, str]] = {
    "start": (DEMO_THREADS, "tutor-start"),
    "sh": (SHELL_THREADS, "tutor-sh"),
    "quick": (QUICK_THREADS, "tutor"),
}

Deliver = Callable[[Reply, Lang], Awaitable[None]]
"""Shows a reply somewhere other than a new DM message (the caller knows where)."""


class Route(Protocol):
    """Where a learner's engine commands run when there are several replicas."""

    def takes(self, command: Command) -> bool:
        """Whether `command` must run on the learner's home replica."""
        ...

    def send(
        self,
        client: AsyncWebClient,
        *,
        user: str,
        command: Command,
        origin_channel: str,
        in_place: tuple[str, str] | None,
        until_run: bool = False,
    ) -> asyncio.Future[None]:
        """Hand it to the home replica (this one, or another through the database); the
        future resolves once it is handed over, or with `until_run` once it has run."""
        ...


def _lower_priority() -> None:
    """Linux schedules threads on their own: lower this one, not the process."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), DEMO_NICENESS)
    except (OSError, AttributeError):
        log.debug("could not lower a tutor thread's priority")


Replied = Callable[[str, float], None]
"""Told each command's verb and the seconds from its arrival to its final reply."""


@dataclass
class Job:
    """One command a learner sent, and what was replaced by it."""

    client: AsyncWebClient
    user: str
    command: Command
    origin_channel: str
    deliver: Deliver | None
    done: asyncio.Future[None]
    replaced: list[Command] = field(default_factory=list)
    created: float = field(default_factory=time.monotonic)
    """When the command arrived: the time to its reply is measured from here."""

    def supersede(self, newer: Job) -> None:
        newer.replaced = [*self.replaced, self.command, *newer.replaced]
        if not self.done.done():  # its waiter may be cancelled
            self.done.set_result(None)

    def finish(self) -> None:
        if not self.done.done():
            self.done.set_result(None)


class Worker:
    """Runs each learner's commands one at a time; a burst of clicks costs one command."""

    def __init__(
        self,
        *,
        tutor: Tutor,
        lookups: Lookups,
        tasks: Tasks,
        delivery: Delivery | None = None,
        marks: ProgressMarks | None = None,
        on_replied: Replied | None = None,
    ) -> None:
        self._tutor = tutor
        self._on_replied = on_replied
        self._lookups = lookups
        self._tasks = tasks
        self._delivery = delivery
        self._marks = marks
        self._last_heard = 0.0
        self._waiting: dict[str, Job] = {}
        self._workers: set[str] = set()
        self._pools = {
            pool: ThreadPoolExecutor(
                max_workers=threads, thread_name_prefix=name, initializer=_lower_priority
            )
            for pool, (threads, name) in THREADS.items()
        }
        self.demo_runs = DemoRuns(self, gates(tutor))
        self.route: Route | None = None
        """Set when replicas share the work: engine commands then go to the learner's home."""

    @property
    def tutor(self) -> Tutor:
        return self._tutor

    @property
    def lookups(self) -> Lookups:
        return self._lookups

    @property
    def tasks(self) -> Tasks:
        return self._tasks

    def heard(self) -> None:
        """A request from Slack arrived (acks come first: see `after_burst`)."""
        self._last_heard = time.monotonic()

    def close(self) -> None:
        """Drop queued tutor calls and wait for the running ones (a demo may be mid-create)."""
        for pool in self._pools.values():
            pool.shutdown(wait=True, cancel_futures=True)

    def delivery(self, client: AsyncWebClient) -> Delivery:
        """Where replies go: the app's outbox-backed delivery, else straight to `client`."""
        return self._delivery or Delivery(client, None)

    def request(
        self,
        client: AsyncWebClient,
        *,
        user: str,
        command: Command,
        origin_channel: str = "",
        deliver: Deliver | None = None,
        in_place: tuple[str, str] | None = None,
        routed: bool = False,
        until_run: bool = False,
    ) -> asyncio.Future[None]:
        """Queue one command for the learner and return at once (fit for an ack).

        With several replicas an engine command goes to the learner's home replica instead
        (`in_place`: the channel and ts of the message its reply replaces, for `deliver`);
        `routed` means it came from there.

        A learner's commands run one at a time; one still waiting when a newer one arrives
        is dropped (its future resolves, and the learner is told it was replaced), so a
        burst of clicks costs one demo, not a queue of them. The future resolves when the
        command has run, failed or been dropped.
        """
        route = self.route
        movable = deliver is None or in_place is not None  # its reply can be shown from there
        if route is not None and not routed and movable and route.takes(command):
            return route.send(
                client,
                user=user,
                command=command,
                origin_channel=origin_channel,
                in_place=in_place,
                until_run=until_run,
            )
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        job = Job(client, user, command, origin_channel, deliver, done)
        if self._delivery is not None:  # the learner is back: send what Slack refused before
            self._tasks.start(_held(self._delivery, user))
        if self.demo_runs.takes(command.verb) and deliver is None:
            self.demo_runs.request(job)
            return done
        if command.verb == "clean":
            self.demo_runs.leave(user)
        replaced = self._waiting.get(user)
        self._waiting[user] = job
        if replaced is not None:
            replaced.supersede(job)
        if user not in self._workers:
            self._workers.add(user)
            self._tasks.start(self._work_for(user))
        return done

    async def run(
        self, client: AsyncWebClient, *, user: str, command: Command, origin_channel: str = ""
    ) -> None:
        """`request`, then wait for it to run: for steps that must follow one another."""
        await self.request(
            client, user=user, command=command, origin_channel=origin_channel, until_run=True
        )

    async def _work_for(self, user: str) -> None:
        """The learner's one worker: runs what is waiting until nothing is."""
        try:
            while user in self._waiting:
                await self.after_burst()  # the newest command of a burst is the one to run
                job = self._waiting.pop(user)
                try:
                    await self._run(job)
                except Exception:
                    log.exception("a command in a learner's DM failed")
                finally:
                    job.finish()
        finally:
            self._workers.discard(user)

    async def after_burst(self) -> None:
        """Start engine work once Slack's traffic pauses, so a burst of commands (a class
        all typing at once) is acked first; never later than BURST_WAIT_MAX."""
        deadline = time.monotonic() + BURST_WAIT_MAX
        while time.monotonic() < deadline and time.monotonic() - self._last_heard < QUIET_GAP:
            await asyncio.sleep(QUIET_GAP)

    async def _run(self, job: Job) -> None:
        lang = await self._lookups.lang(job.client, job.user)
        await self.tell_replaced(job, lang)
        if job.deliver is not None:
            reply = await self.handle(job.user, job.command, lang)
            await job.deliver(reply, lang)
        else:
            await self._run_in_dm(job, lang)
        if job.command.verb == "lang":
            self._lookups.forget_lang(job.user)

    async def handle(
        self, user: str, command: Command, lang: Lang, notify: Notify | None = None
    ) -> Reply:
        """The blocking tutor call, on the pool its verb belongs to."""
        call = functools.partial(self._tutor.handle, user, command, lang=lang)
        if notify is not None:
            call = functools.partial(call, notify=notify)
        pool = self._pools[_pool_of(command)]
        return await asyncio.get_running_loop().run_in_executor(pool, call)

    async def tell_replaced(self, job: Job, lang: Lang) -> None:
        """Commands this one replaced get one note saying so, before its own reply."""
        if not job.replaced:
            return
        older = ", ".join(f"`{typed(c)}`" for c in job.replaced)
        text = f"{older}: {say('superseded', lang, command=typed(job.command))}"
        job.replaced = []
        await self.note(job.client, job.user, text, icon=":fast_forward:")

    async def note(
        self,
        client: AsyncWebClient,
        user: str,
        text: str,
        *,
        icon: str = "",
        channel: str | None = None,
    ) -> None:
        """A one-line note to the learner, in their DM unless `channel` is given; kept in
        the outbox if Slack refuses it."""
        where = channel or await self._lookups.dm(client, user)
        shown = context(f"{icon} {text}" if icon else text)
        await self.delivery(client).call(
            user, "chat.postMessage", channel=where, text=text, blocks=[shown]
        )

    async def post_progress(self, job: Job, dm: str, text: str, lang: Lang) -> str | None:
        """Post the message later edits replace; None when Slack would not take it.

        A progress message is worth nothing later, so it is not kept in the outbox.
        """
        try:
            posted = await job.client.chat_postMessage(channel=dm, **progress(text).payload())
        except (SlackApiError, aiohttp.ClientError, TimeoutError, ConnectionError) as error:
            log.warning("a progress message for %s was not posted: %s", job.user, error)
            return None
        ts = str(posted.get("ts") or "")
        if ts and self._marks is not None:
            await self._marks.posted(channel=dm, ts=ts, learner=job.user, lang=lang)
        return ts or None

    def updates(self, job: Job, dm: str, ts: str | None, *, shown: str) -> Updates:
        """Edits of the progress message `ts`; with none, the final reply is a new message."""
        delivery = self.delivery(job.client)

        async def edit(payload: dict[str, Any]) -> None:
            if ts is not None:
                await job.client.chat_update(channel=dm, ts=ts, **payload)

        async def final(payload: dict[str, Any]) -> None:
            if ts is None:
                await delivery.call(job.user, "chat.postMessage", channel=dm, **payload)
                return
            await delivery.call(job.user, "chat.update", channel=dm, ts=ts, **payload)
            if self._marks is not None:  # delivered or kept in the outbox: finished either way
                await self._marks.finished(channel=dm, ts=ts)

        return Updates(
            asyncio.get_running_loop(), progress=edit, final=final, shown=progress(shown).payload()
        )

    async def show_reply(
        self, job: Job, dm: str, ts: str | None, reply: Reply, up: Updates
    ) -> None:
        result = dispatch.message(reply, Origin(owner=job.user, channel=job.origin_channel, dm=dm))
        result.reply = reply  # a picture of it is drawn from the data, not the blocks
        if ts is not None:
            self._lookups.keep(dm, ts, result)
        await up.final(result.payload())
        if self._on_replied is not None:
            self._on_replied(job.command.verb, time.monotonic() - job.created)

    async def replace(
        self,
        client: AsyncWebClient,
        user: str,
        where: tuple[str, str],
        origin: Origin,
        reply: Reply,
    ) -> None:
        """The reply in place of the message at `where` (a walk's step replaces the clicked
        one), kept for *Show all*; kept in the outbox if Slack refuses it."""
        channel, ts = where
        message = dispatch.message(reply, origin)
        message.reply = reply  # a picture of it is drawn from the data, not the blocks
        self._lookups.keep(channel, ts, message)
        await self.delivery(client).call(
            user, "chat.update", channel=channel, ts=ts, **message.payload()
        )

    async def _run_in_dm(self, job: Job, lang: Lang) -> None:
        dm = await self._lookups.dm(job.client, job.user)
        working = say("progress_working", lang)
        ts = await self.post_progress(job, dm, working, lang)
        up = self.updates(job, dm, ts, shown=working)

        def on_progress(key: str, params: dict[str, Any]) -> None:
            up.push(progress(say(key, lang, **params)).payload())

        reply = await self.handle(job.user, job.command, lang, on_progress)
        await self.show_reply(job, dm, ts, reply, up)


async def _held(delivery: Delivery, user: str) -> None:
    await delivery.deliver_held(user)


def _pool_of(command: Command) -> Pool:
    if command.verb in STARTING_VERBS:
        return "start"
    return "sh" if command.verb in SHELL_VERBS else "quick"


def typed(command: Command) -> str:
    """The command as the learner would type it."""
    return f"{command.verb} {command.argument}".strip()
