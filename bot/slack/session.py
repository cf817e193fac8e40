"""The Slack side's parts, made once per app: tasks, lookups and the per-learner worker.

Nothing here does work of its own: listeners are given the parts they need when they
are registered, and serving drains and closes them on the way out.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.tutor import Tutor
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks
from bot.slack.worker import Worker


@dataclass(frozen=True)
class Session:
    tutor: Tutor
    tasks: Tasks
    lookups: Lookups
    worker: Worker

    @classmethod
    def of(cls, tutor: Tutor) -> Session:
        tasks = Tasks()
        lookups = Lookups(tutor=tutor, tasks=tasks)
        return cls(tutor, tasks, lookups, Worker(tutor=tutor, lookups=lookups, tasks=tasks))

    async def drain(self) -> None:
        """Let answers and demos in flight finish."""
        await self.tasks.drain()

    def close(self) -> None:
        """Drop queued tutor calls and wait for the running ones (a demo may be mid-create)."""
        self.worker.close()
