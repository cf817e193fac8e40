"""The Slack side's parts, made once per app: tasks, lookups, delivery and the worker.

Nothing here does work of its own: listeners are given the parts they need when they
are registered, and serving starts the outbox sender, finishes what a stopped process
left, stops the demo queue, drains and closes them on the way out.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.tutor import Tutor
from bot.slack.delivery import Delivery
from bot.slack.lookups import Lookups
from bot.slack.marks import ProgressMarks
from bot.slack.replicas import Router, Sharing
from bot.slack.tasks import Tasks
from bot.slack.worker import Replied, Worker
from bot.store.shared import SqlShared


@dataclass(frozen=True)
class Session:
    tutor: Tutor
    tasks: Tasks
    lookups: Lookups
    worker: Worker
    delivery: Delivery | None = None
    marks: ProgressMarks | None = None
    router: Router | None = None
    shared: SqlShared | None = None

    @classmethod
    def of(
        cls,
        tutor: Tutor,
        *,
        delivery: Delivery | None = None,
        marks: ProgressMarks | None = None,
        on_replied: Replied | None = None,
        sharing: Sharing | None = None,
    ) -> Session:
        tasks = Tasks()
        shared = sharing.shared if sharing is not None else None
        lookups = Lookups(tutor=tutor, tasks=tasks, shared=shared)
        worker = Worker(
            tutor=tutor,
            lookups=lookups,
            tasks=tasks,
            delivery=delivery,
            marks=marks,
            on_replied=on_replied,
        )
        router = None
        if sharing is not None:
            router = Router(
                sharing.replicas,
                worker,
                caps=sharing.caps,
                remove_made_by=sharing.remove_made_by,
                forget_before=sharing.shared.forget_before,
            )
            worker.route = router
        session = cls(tutor, tasks, lookups, worker, delivery, marks, router, shared)
        if router is not None:
            router.finish_left = session.finish_taken_over
        return session

    async def share_work(self, client: AsyncWebClient, stop: asyncio.Event) -> None:
        """With several replicas: beat, run the commands routed here, until `stop` is set."""
        if self.router is not None:
            await self.router.run(client, stop)

    async def leave(self) -> None:
        """Last: the other replicas take this one's learners and commands."""
        if self.router is not None:
            await self.router.leave()

    async def send_kept(self, stop: asyncio.Event) -> None:
        """Retry replies kept in the outbox until `stop` is set."""
        if self.delivery is not None:
            await self.delivery.run(stop)

    async def finish_interrupted(self) -> None:
        """Progress messages a killed process left behind get a clear note."""
        if self.marks is not None and self.delivery is not None:
            await self.marks.finish_left(self.delivery)

    async def finish_taken_over(self) -> None:
        """Another replica stopped: its progress messages say its work runs again here."""
        if self.marks is not None and self.delivery is not None:
            await self.marks.finish_left(self.delivery, key="taken_over")

    async def finish_abandoned(self) -> None:
        """Work in flight that shutdown gave up on: its progress messages get the note now."""
        if self.marks is not None and self.delivery is not None:
            await self.marks.finish_mine(self.delivery)

    async def stop_queue(self) -> None:
        """Take no more demos; tell every learner still queued."""
        await self.worker.demo_runs.close()

    async def drain(self) -> None:
        """Let answers and demos in flight finish."""
        await self.tasks.drain()

    def close(self) -> None:
        """Drop queued tutor calls and wait for the running ones (a demo may be mid-create)."""
        self.worker.close()
