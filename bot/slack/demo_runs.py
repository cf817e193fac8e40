"""`run` in Slack: a learner waits for a demo slot in the queue, not in a thread.

With every slot taken, a `run` holds a `Ticket` in the demo cap's queue: its DM message
shows the true place in the queue and is edited in place as the queue moves; the worker
thread is only taken once the slot is granted. `DEMO_QUEUE_WAIT_SECONDS` later the
learner is told, with a *Try again* button. A newer `run` from the same learner takes
over the older one's place; one sent while a demo is being created runs after it; `clean`
leaves the queue. On shutdown `close` tells every queued learner and gives their places up.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.core.capacity import Capacity, Ticket
from bot.core.demo.service import DemoError
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.replies import Notice
from bot.slack.blocks import demo as demo_blocks
from bot.slack.blocks.kit import Origin, progress
from bot.slack.updates import Updates

if TYPE_CHECKING:
    from bot.slack.worker import Job, Worker

log = logging.getLogger(__name__)


@dataclass
class _Run:
    """A learner's one `run` in flight: queued for a slot, or starting its demo."""

    job: Job
    lang: Lang
    dm: str
    ticket: Ticket
    granted: asyncio.Future[bool]
    ts: str | None = None
    updates: Updates | None = None
    closed: bool = False

    def busy(self, capacity: Capacity) -> str:
        return say("busy", self.lang, position=self.ticket.position, limit=capacity.limit)


class DemoRuns:
    """Every learner's `run` in flight, at most one each, plus one waiting behind it."""

    def __init__(self, worker: Worker) -> None:
        self._worker = worker
        self._active: dict[str, _Run] = {}
        self._next: dict[str, Job] = {}
        self._starting: set[str] = set()
        self._closing = False

    @property
    def _capacity(self) -> Capacity:
        return self._worker.tutor.demos.capacity

    def request(self, job: Job) -> None:
        """Take a `run` from the learner's worker; returns at once."""
        user = job.user
        if self._closing:
            job.finish()
            return
        active = self._active.get(user)
        if active is not None and not active.ticket.granted:
            active.job.supersede(job)  # the newer run takes over the queued one's place
            active.job = job
            self._worker.tasks.start(self._worker.tell_replaced(job, active.lang))
            return
        if user in self._starting:
            waiting = self._next.get(user)
            if waiting is not None:
                waiting.supersede(job)
            self._next[user] = job
            return
        self._starting.add(user)
        self._worker.tasks.start(self._runs_for(user, job))

    def leave(self, user: str) -> None:
        """`clean` while queued: the learner's place is given up and their message says so."""
        waiting = self._next.pop(user, None)
        if waiting is not None:
            waiting.finish()
        run = self._active.get(user)
        if run is not None and not run.ticket.granted and self._capacity.cancel(run.ticket):
            self._worker.tasks.start(self._give_up(run, "queue_left", {}))

    @property
    def queued(self) -> int:
        return sum(1 for run in self._active.values() if not run.ticket.granted)

    async def close(self) -> None:
        """Stop taking runs; every learner still queued is told and their place given up."""
        self._closing = True
        for job in self._next.values():
            job.finish()
        self._next.clear()
        told = [
            self._give_up(run, "queue_closed", {})
            for run in list(self._active.values())
            if not run.ticket.granted and self._capacity.cancel(run.ticket)
        ]
        await asyncio.gather(*told, return_exceptions=True)

    async def _runs_for(self, user: str, job: Job | None) -> None:
        try:
            while job is not None:
                try:
                    await self._run(job)
                except Exception:
                    log.exception("a demo run in a learner's DM failed")
                finally:
                    run = self._active.pop(user, None)
                    for finished in (job, run.job if run is not None else None):
                        if finished is not None:  # a newer run may have taken this one's place
                            finished.finish()
                job = self._next.pop(user, None)
        finally:
            self._starting.discard(user)

    async def _run(self, job: Job) -> None:
        worker = self._worker
        await worker.after_burst()
        lang = await worker.lookups.lang(job.client, job.user)
        await worker.tell_replaced(job, lang)
        dm = await worker.lookups.dm(job.client, job.user)
        if not await self._known_demo(job, lang, dm):
            return
        loop = asyncio.get_running_loop()
        granted: asyncio.Future[bool] = loop.create_future()
        run = _Run(job=job, lang=lang, dm=dm, ticket=Ticket(job.user), granted=granted)

        def on_granted() -> None:
            loop.call_soon_threadsafe(_settle, granted, True)

        def on_move(_position: int) -> None:
            loop.call_soon_threadsafe(self._moved, run)

        run.ticket.on_granted, run.ticket.on_move = on_granted, on_move
        self._active[job.user] = run
        if self._capacity.reserve(run.ticket):
            text = say("progress_created", lang)
        else:
            text = run.busy(self._capacity)
        run.ts = await worker.post_progress(job, dm, text, lang)
        run.updates = worker.updates(job, dm, run.ts, shown=text)
        if not run.ticket.granted:
            self._moved(run)  # the queue may have moved while the message was posted
            if not await self._slot(run):
                return
        await self._start(run)

    async def _known_demo(self, job: Job, lang: Lang, dm: str) -> bool:
        """A misspelt demo is answered at once, without queueing for a slot."""
        try:
            self._worker.tutor.demos.demo(job.command.argument or None)
        except DemoError as error:
            notice = Notice(error.key, dict(error.params), True, lang)
            ts = await self._worker.post_progress(job, dm, say("progress_working", lang), lang)
            up = self._worker.updates(job, dm, ts, shown=say("progress_working", lang))
            await self._worker.show_reply(job, dm, ts, notice, up)
            return False
        return True

    def _moved(self, run: _Run) -> None:
        if run.updates is not None and not run.ticket.granted and not run.closed:
            run.updates.show(progress(run.busy(self._capacity)).payload())

    async def _slot(self, run: _Run) -> bool:
        """Wait for the slot, no longer than the queue wait; False when it did not come."""
        wait = self._worker.tutor.demos.queue_wait
        try:
            granted = await asyncio.wait_for(asyncio.shield(run.granted), timeout=wait)
        except TimeoutError:
            if self._capacity.cancel(run.ticket):
                await self._give_up(run, "busy_gave_up_after", {"seconds": round(wait)})
                return False
            granted = True  # the slot came at the last moment
        except asyncio.CancelledError:
            if not self._capacity.cancel(run.ticket):
                self._capacity.release(run.job.user)
            raise
        return granted and not run.closed

    async def _start(self, run: _Run) -> None:
        """The slot is ours: start the demo on a worker thread, showing its progress."""
        worker, job, lang = self._worker, run.job, run.lang
        assert run.updates is not None
        up = run.updates
        if not run.ticket.granted or run.closed:
            return
        up.show(progress(say("progress_created", lang)).payload())

        def on_progress(key: str, params: dict[str, Any]) -> None:
            up.push(progress(say(key, lang, **params)).payload())

        try:
            reply = await worker.handle(job.user, job.command, lang, on_progress)
        finally:
            if not worker.tutor.demos.has_live(job.user):
                self._capacity.release(job.user)  # the start failed: the slot goes back
        await worker.show_reply(job, run.dm, run.ts, reply, up)

    async def _give_up(self, run: _Run, key: str, params: dict[str, Any]) -> None:
        run.closed = True
        capacity = self._capacity
        text = say(key, run.lang, limit=capacity.limit, **params)
        origin = Origin(owner=run.job.user, channel=run.job.origin_channel, dm=run.dm)
        message = demo_blocks.try_again(text, origin, run.job.command, run.lang)
        if run.updates is not None:
            await run.updates.final(message.payload())
        _settle(run.granted, False)


def _settle(granted: asyncio.Future[bool], value: bool) -> None:
    if not granted.done():
        granted.set_result(value)
