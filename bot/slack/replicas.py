"""Several replicas behind one load balancer: each learner's engine commands run on their
home replica, in the order they came, whichever replica Slack reached.

A replica that receives an engine command asks the database for the learner's home (a live
replica on the engine holding their demo, or the engine with the most room for a new one).
If that is itself, the command goes straight to its own `Worker`; if not, it is queued in
the database for the home, which claims its commands every `POLL` seconds (`SKIP LOCKED` on
PostgreSQL) and hands them to its own `Worker`, so ordering, bursts and the demo queue work
as with one replica. Every replica says it is alive each `BEAT` seconds; one silent for
`GONE_AFTER` is gone: its learners and commands move to a live replica (the same engine's
if there is one), a command it was running runs again once, then the learner is told; its
containers are removed by a live replica on the same engine, else by their expiry.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.capacity import Capacity
from bot.core.grammar import ENGINE_VERBS, Command
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.replies import Notice
from bot.core.reply import Reply
from bot.slack.blocks.kit import Origin
from bot.slack.worker import Worker, typed
from bot.store.replicas import Routed, SqlReplicas
from bot.store.shared import SqlShared
from bot.store.wake import listen, listens

log = logging.getLogger(__name__)
POLL = 0.1
POLL_LISTENING = 1.0
"""With PostgreSQL's notifications a replica looks at its queue only this often unwoken."""
WAIT_POLL = 0.25
"""How often a caller that awaits a command routed elsewhere looks whether it has run."""
BEAT = 1.0
GONE_AFTER = timedelta(seconds=6)
SWEEP_GONE_FOR = 30.0
"""Seconds a gone replica's demos are looked for again on every beat."""
RECONCILE_EVERY = 60.0
"""How often a replica gives back cap entries it no longer holds (a give-back lost to an
outage); granting what other replicas freed happens every beat."""
KEPT_FOR = timedelta(days=1)
"""Handled event ids and kept listings older than this are dropped (hourly)."""
FORGET_EVERY = 3600.0


async def _nothing() -> None:
    return None


@dataclass(frozen=True)
class Sharing:
    """What serving needs to run as one of several replicas on one database."""

    shared: SqlShared
    replicas: SqlReplicas
    caps: list[Capacity]
    remove_made_by: Callable[[list[str]], object]


@dataclass
class Router:
    """The `worker.Route` of one replica, and its loop: beats, claims, take-overs."""

    replicas: SqlReplicas
    worker: Worker
    caps: list[Capacity] = field(default_factory=list)
    remove_made_by: Callable[[list[str]], object] = lambda _gone: None
    """Removes the containers the gone replicas made on this replica's engine."""
    forget_before: Callable[[datetime], object] = lambda _moment: None
    finish_left: Callable[[], Awaitable[None]] = _nothing
    """Finishes the progress messages the gone replicas left ("Creating the container…")."""
    _stopping: asyncio.Event = field(default_factory=asyncio.Event)
    _sweeping: dict[str, float] = field(default_factory=dict)
    """Gone replicas whose demos are still being removed, and until when."""
    _senders: dict[str, asyncio.Lock] = field(default_factory=dict)
    _reconcile_due: float = 0.0

    def takes(self, command: Command) -> bool:
        return command.verb in ENGINE_VERBS

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
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        sent = self._send(client, user, command, origin_channel, in_place, until_run, done)
        self.worker.tasks.start(sent)
        return done

    async def _send(
        self,
        client: AsyncWebClient,
        user: str,
        command: Command,
        origin_channel: str,
        in_place: tuple[str, str] | None,
        until_run: bool,
        done: asyncio.Future[None],
    ) -> None:
        try:
            async with self._order(user):  # a learner's commands reach the queue in order
                home = await asyncio.to_thread(
                    self.replicas.home, user, now=_now(), within=GONE_AFTER
                )
                here = home == self.replicas.replica
                routed_id = await asyncio.to_thread(
                    self.replicas.send,
                    home,
                    learner=user,
                    command=_command_data(command, in_place),
                    origin_channel=origin_channel,
                    now=_now(),
                    running=here,  # recorded: if this replica is killed, another runs it
                )
                if here:
                    ran = self._run_here(client, user, command, origin_channel, in_place)
        except Exception:
            log.exception("an engine command could not be routed to its replica")
            await self._tell(client, user, command, "replica_unreachable")
            _settle(done)
            return
        if not here:
            if until_run:  # resolved once the home ran it, as a local command's future is
                await self._until_run(routed_id)
            _settle(done)
            return
        ran.add_done_callback(lambda _f: self._done(routed_id, done))

    def _order(self, user: str) -> asyncio.Lock:
        return self._senders.setdefault(user, asyncio.Lock())

    async def _until_run(self, routed_id: int) -> None:
        """Until the home ran the command (or gave it up), or this replica stops."""
        while not self._stopping.is_set():
            try:
                if not await asyncio.to_thread(self.replicas.waiting, routed_id):
                    return
            except Exception:
                return
            try:
                await asyncio.wait_for(self._stopping.wait(), WAIT_POLL)
            except TimeoutError:
                pass

    def _done(self, routed_id: int, done: asyncio.Future[None] | None = None) -> None:
        self.worker.tasks.start(asyncio.to_thread(self.replicas.done, routed_id))
        if done is not None:
            _settle(done)

    def _run_here(
        self,
        client: AsyncWebClient,
        user: str,
        command: Command,
        origin_channel: str,
        in_place: tuple[str, str] | None,
    ) -> asyncio.Future[None]:
        deliver = None
        if in_place is not None:
            origin = Origin(owner=user, channel=origin_channel, dm=in_place[0])
            deliver = _in_place(self.worker, client, user, in_place, origin)
        return self.worker.request(
            client,
            user=user,
            command=command,
            origin_channel=origin_channel,
            deliver=deliver,
            in_place=in_place,
            routed=True,
        )

    # ------------------------------------------------------------------ the loop

    async def run(self, client: AsyncWebClient, stop: asyncio.Event) -> None:
        """Beat, claim and run this replica's commands, take over gone ones, until `stop`."""
        self._stopping = stop
        await asyncio.to_thread(self.replicas.beat, now=_now())
        woken = asyncio.Event()
        listener = None
        poll = POLL
        if listens(self.replicas.url):  # woken at once; the look every second is the fallback
            me = self.replicas.replica
            listener = asyncio.ensure_future(
                listen(self.replicas.url, lambda whom: woken.set() if whom == me else None)
            )
            poll = POLL_LISTENING
        stopped = asyncio.ensure_future(stop.wait())
        loop = asyncio.get_running_loop()
        beat_due = 0.0
        forget_due = loop.time() + FORGET_EVERY
        try:
            while not stop.is_set():
                woken.clear()
                try:
                    if loop.time() >= beat_due:
                        beat_due = loop.time() + BEAT
                        await self._beat(client)
                    if loop.time() >= forget_due:
                        forget_due = loop.time() + FORGET_EVERY
                        await asyncio.to_thread(self.forget_before, _now() - KEPT_FOR)
                    for routed in await asyncio.to_thread(self.replicas.claim):
                        self._start(client, routed)
                except Exception as error:  # the database may be away for a moment
                    log.warning("replicas: %s; trying again", type(error).__name__)
                wake = asyncio.ensure_future(woken.wait())
                await asyncio.wait(
                    {wake, stopped}, timeout=min(poll, BEAT), return_when="FIRST_COMPLETED"
                )
                wake.cancel()
        finally:
            for task in (listener, stopped):
                if task is not None:
                    task.cancel()

    async def leave(self) -> None:
        """A clean stop: other replicas take this one's learners at once."""
        try:
            await asyncio.to_thread(self.replicas.leave)
        except Exception as error:
            log.warning("replicas: could not say this one left: %s", type(error).__name__)

    async def _beat(self, client: AsyncWebClient) -> None:
        now = _now()
        await asyncio.to_thread(self.replicas.beat, now=now)
        taken = await asyncio.to_thread(self.replicas.take_over, now=now, within=GONE_AFTER)
        loop = asyncio.get_running_loop()
        if taken.gone:
            log.warning("replicas gone: %d; their learners moved", len(taken.gone))
            until = loop.time() + SWEEP_GONE_FOR
            self._sweeping.update(dict.fromkeys(taken.gone, until))
            await self.finish_left()
        self._sweeping = {r: t for r, t in self._sweeping.items() if t > loop.time()}
        if self._sweeping:  # again for a while: a create it sent may land after the first sweep
            await asyncio.to_thread(self.remove_made_by, list(self._sweeping))
        for routed in taken.given_up:
            await self._tell(client, routed.learner, _command_of(routed.command)[0])
        reconcile = loop.time() >= self._reconcile_due
        if reconcile:
            self._reconcile_due = loop.time() + RECONCILE_EVERY
        for cap in self.caps:
            await asyncio.to_thread(cap.retry)
            if reconcile:
                await asyncio.to_thread(cap.reconcile)

    def _start(self, client: AsyncWebClient, routed: Routed) -> None:
        command, in_place = _command_of(routed.command)
        ran = self._run_here(client, routed.learner, command, routed.origin_channel, in_place)
        ran.add_done_callback(lambda _f: self._done(routed.id))

    async def _tell(
        self, client: AsyncWebClient, user: str, command: Command, why: str = "replica_lost"
    ) -> None:
        """A command no replica could run: the learner is told plainly, never left waiting."""
        lang = self.worker.lookups.lang_now(user)
        text = f"`{typed(command)}`: {say(why, lang)}"
        try:
            await self.worker.note(client, user, text, icon=":warning:")
        except Exception as error:
            log.warning("a learner could not be told of a lost command: %s", error)


def _in_place(
    worker: Worker,
    client: AsyncWebClient,
    user: str,
    where: tuple[str, str],
    origin: Origin,
) -> Callable[[Reply, Lang], Any]:
    async def deliver(reply: Reply, _lang: Lang) -> None:
        if isinstance(reply, Notice):  # a refusal: a note in the DM, the step stays
            await worker.note(client, user, reply.text, channel=where[0])
            return
        await worker.replace(client, user, where, origin, reply)

    return deliver


def _command_data(command: Command, in_place: tuple[str, str] | None) -> dict[str, Any]:
    data: dict[str, Any] = {"verb": command.verb, "argument": command.argument}
    if command.about is not None:
        data["about"] = list(command.about)
    if in_place is not None:
        data["in_place"] = list(in_place)
    return data


def _command_of(data: dict[str, Any]) -> tuple[Command, tuple[str, str] | None]:
    about = data.get("about")
    where = data.get("in_place")
    command = Command(
        data["verb"],
        str(data.get("argument", "")),
        about=(str(about[0]), str(about[1])) if about else None,
    )
    return command, (str(where[0]), str(where[1])) if where else None


def _settle(done: asyncio.Future[None]) -> None:
    if not done.done():
        done.set_result(None)


def _now() -> datetime:
    return datetime.now(UTC)
