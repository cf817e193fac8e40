"""`run` and `vm` in Slack: a learner waits for a slot in the queue, not in a thread.

With every slot taken, a `run` (or `vm`, under the VM cap) holds a `Ticket` in its cap's
queue (each verb's cap and wording is a `Gate`): its DM message
shows the true place in the queue and is edited in place as the queue moves; the worker
thread is only taken once the slot is granted. `DEMO_QUEUE_WAIT_SECONDS` later the
learner is told, with a *Try again* button. A newer `run` from the same learner takes
over the older one's place; one sent while a demo is being created runs after it; `clean`
leaves the queue. On shutdown `close` tells every queued learner and gives their places up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.core.capacity import Capacity, Ticket
from bot.core.demo.service import DemoError
from bot.core.grammar import Command, run_argument
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.replies import Notice
from bot.slack.blocks import demo as demo_blocks
from bot.slack.blocks.kit import Origin, progress
from bot.slack.updates import Updates

if TYPE_CHECKING:
    from bot.core.tutor import Tutor
    from bot.slack.worker import Job, Worker

log = logging.getLogger(__name__)
Key = tuple[str, str]
"""A learner and the verb they wait with: one `run` and one `vm` each at most."""


def _any_argument(_command: Command) -> None:
    return None


@dataclass(frozen=True)
class Gate:
    """A verb that needs a slot: its cap, how long to wait, and what the learner is told."""

    capacity: Capacity
    wait: float
    has_live: Callable[[str], bool]
    busy: str
    gave_up: str
    starting: str
    check: Callable[[Command], object] = _any_argument
    """Raises DemoError for an argument no slot would help (a misspelt demo)."""


def gates(tutor: Tutor) -> dict[str, Gate]:
    """`run` waits under the demo cap; `vm` under the VM cap, when there are VMs."""
    demos = tutor.demos
    found = {
        "run": Gate(
            capacity=demos.capacity,
            wait=demos.queue_wait,
            has_live=demos.has_live,
            busy="busy",
            gave_up="busy_gave_up_after",
            starting="progress_created",
            check=lambda command: demos.demo(run_argument(command.argument)[0]),
        )
    }
    if tutor.compare is not None:
        machines = tutor.compare
        found["vm"] = Gate(
            capacity=machines.capacity,
            wait=machines.queue_wait,
            has_live=machines.has_live,
            busy="vm_busy",
            gave_up="vm_busy_gave_up_after",
            starting="progress_working",
        )
    return found


@dataclass
class _Run:
    """A learner's one `run` in flight: queued for a slot, or starting its demo."""

    job: Job
    gate: Gate
    lang: Lang
    dm: str
    ticket: Ticket
    granted: asyncio.Future[bool]
    ts: str | None = None
    updates: Updates | None = None
    closed: bool = False
    reserving: bool = False
    left: bool = False
    """`clean` while the slot was being asked for: given up as soon as the answer comes."""

    def busy(self) -> str:
        limit = self.gate.capacity.limit
        return say(self.gate.busy, self.lang, position=self.ticket.position, limit=limit)


class DemoRuns:
    """Every learner's `run` and `vm` in flight, one each, plus one waiting behind it."""

    def __init__(self, worker: Worker, gates: dict[str, Gate]) -> None:
        self._worker = worker
        self._gates = gates
        self._active: dict[Key, _Run] = {}
        self._next: dict[Key, Job] = {}
        self._starting: set[Key] = set()
        self._closing = False

    def takes(self, verb: str) -> bool:
        return verb in self._gates

    def request(self, job: Job) -> None:
        """Take a `run` or `vm` from the learner's worker; returns at once."""
        key = (job.user, job.command.verb)
        if self._closing:
            job.finish()
            return
        active = self._active.get(key)
        if active is not None and not active.ticket.granted and not active.closed:
            active.job.supersede(job)  # the newer one takes over the queued one's place
            active.job = job
            self._worker.tasks.start(self._worker.tell_replaced(job, active.lang))
            return
        if key in self._starting:  # a demo being created, or a run being given up
            waiting = self._next.get(key)
            if waiting is not None:
                waiting.supersede(job)
            self._next[key] = job
            return
        self._starting.add(key)
        self._worker.tasks.start(self._runs_for(key, job))

    def leave(self, user: str) -> None:
        """`clean` while queued: the learner's places are given up and their messages say so."""
        for verb in self._gates:
            waiting = self._next.pop((user, verb), None)
            if waiting is not None:
                waiting.finish()
            run = self._active.get((user, verb))
            if run is not None and run.reserving:
                run.left = True
                continue
            if run is not None and not run.ticket.granted and run.gate.capacity.cancel(run.ticket):
                run.closed = True  # a `run` sent before the message says so queues anew
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
            if not run.ticket.granted and run.gate.capacity.cancel(run.ticket)
        ]
        await asyncio.gather(*told, return_exceptions=True)

    async def _runs_for(self, key: Key, job: Job | None) -> None:
        try:
            while job is not None:
                try:
                    await self._run(job, self._gates[key[1]])
                except Exception:
                    log.exception("a demo run in a learner's DM failed")
                finally:
                    run = self._active.pop(key, None)
                    for finished in (job, run.job if run is not None else None):
                        if finished is not None:  # a newer run may have taken this one's place
                            finished.finish()
                job = self._next.pop(key, None)
        finally:
            self._starting.discard(key)

    async def _run(self, job: Job, gate: Gate) -> None:
        worker = self._worker
        await worker.after_burst()
        lang = await worker.lookups.lang(job.client, job.user)
        await worker.tell_replaced(job, lang)
        dm = await worker.lookups.dm(job.client, job.user)
        if not await self._known_demo(job, gate, lang, dm):
            return
        loop = asyncio.get_running_loop()
        granted: asyncio.Future[bool] = loop.create_future()
        run = _Run(job=job, gate=gate, lang=lang, dm=dm, ticket=Ticket(job.user), granted=granted)

        def on_granted() -> None:
            loop.call_soon_threadsafe(_settle, granted, True)

        def on_move(_position: int) -> None:
            loop.call_soon_threadsafe(self._moved, run)

        run.ticket.on_granted, run.ticket.on_move = on_granted, on_move
        self._active[(job.user, job.command.verb)] = run
        run.reserving = True  # off the event loop: with several replicas it asks the database
        try:
            granted_now = await asyncio.to_thread(gate.capacity.reserve, run.ticket)
        finally:
            run.reserving = False
        if run.left or self._closing:  # `clean` or shutdown came while the slot was asked for
            if not gate.capacity.cancel(run.ticket) and not gate.has_live(job.user):
                gate.capacity.release(job.user)  # granted meanwhile: the slot goes back
            await self._give_up(run, "queue_left" if run.left else "queue_closed", {})
            return
        text = say(gate.starting, lang) if granted_now else run.busy()
        run.ts = await worker.post_progress(job, dm, text, lang)
        run.updates = worker.updates(job, dm, run.ts, shown=text)
        if not run.ticket.granted:
            self._moved(run)  # the queue may have moved while the message was posted
            if not await self._slot(run):
                return
        await self._start(run)

    async def _known_demo(self, job: Job, gate: Gate, lang: Lang, dm: str) -> bool:
        """A misspelt demo is answered at once, without queueing for a slot."""
        try:
            gate.check(job.command)
        except DemoError as error:
            notice = Notice(error.key, dict(error.params), True, lang)
            ts = await self._worker.post_progress(job, dm, say("progress_working", lang), lang)
            up = self._worker.updates(job, dm, ts, shown=say("progress_working", lang))
            await self._worker.show_reply(job, dm, ts, notice, up)
            return False
        return True

    def _moved(self, run: _Run) -> None:
        if run.updates is not None and not run.ticket.granted and not run.closed:
            run.updates.show(progress(run.busy()).payload())

    async def _slot(self, run: _Run) -> bool:
        """Wait for the slot, no longer than the queue wait; False when it did not come."""
        gate = run.gate
        try:
            granted = await asyncio.wait_for(asyncio.shield(run.granted), timeout=gate.wait)
        except TimeoutError:
            if gate.capacity.cancel(run.ticket):
                await self._give_up(run, gate.gave_up, {"seconds": round(gate.wait)})
                return False
            granted = True  # the slot came at the last moment
        except asyncio.CancelledError:
            if not gate.capacity.cancel(run.ticket):
                gate.capacity.release(run.job.user)
            raise
        return granted and not run.closed

    async def _start(self, run: _Run) -> None:
        """The slot is ours: start the demo on a worker thread, showing its progress."""
        worker, job, lang, gate = self._worker, run.job, run.lang, run.gate
        assert run.updates is not None
        up = run.updates
        if not run.ticket.granted or run.closed:
            return
        up.show(progress(say(gate.starting, lang)).payload())

        def on_progress(key: str, params: dict[str, Any]) -> None:
            up.push(progress(say(key, lang, **params)).payload())

        try:
            reply = await worker.handle(job.user, job.command, lang, on_progress)
        finally:
            if not gate.has_live(job.user):
                gate.capacity.release(job.user)  # the start failed: the slot goes back
        await worker.show_reply(job, run.dm, run.ts, reply, up)

    async def _give_up(self, run: _Run, key: str, params: dict[str, Any]) -> None:
        run.closed = True
        text = say(key, run.lang, limit=run.gate.capacity.limit, **params)
        origin = Origin(owner=run.job.user, channel=run.job.origin_channel, dm=run.dm)
        message = demo_blocks.try_again(text, origin, run.job.command, run.lang)
        if run.updates is not None:
            await run.updates.final(message.payload())
        else:  # given up before its message was posted: the answer is a message of its own
            delivery = self._worker.delivery(run.job.client)
            await delivery.call(
                run.job.user, "chat.postMessage", channel=run.dm, **message.payload()
            )
        _settle(run.granted, False)


def _settle(granted: asyncio.Future[bool], value: bool) -> None:
    if not granted.done():
        granted.set_result(value)
