"""Progress messages no process will finish: marked when posted, finished at start-up.

The worker marks each progress message it posts and unmarks it once the reply is sent or
kept in the outbox. A process killed in between leaves the mark behind; the next start-up
edits each such message (of a process that is gone) to say it was interrupted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.core.lang import Lang
from bot.core.messages import say
from bot.slack.blocks.kit import context
from bot.slack.delivery import Delivery
from bot.store.marks import Mark, SqlMarks

log = logging.getLogger(__name__)
SURELY_GONE = timedelta(minutes=15)
"""A mark this old is finished whoever made it: nothing the tutor does takes that long."""


class ProgressMarks:
    """The worker's side of `SqlMarks`: never lets a database error stop a reply."""

    def __init__(self, marks: SqlMarks, *, instance: str, alive: Callable[[str], bool]) -> None:
        self._marks = marks
        self._instance = instance
        self._alive = alive

    async def posted(self, *, channel: str, ts: str, learner: str, lang: Lang) -> None:
        mark = Mark(channel, ts, learner, lang, self._instance, datetime.now(UTC))
        try:
            await asyncio.to_thread(self._marks.add, mark)
        except Exception as error:  # the reply matters more than the mark
            log.warning("could not mark a progress message: %s", type(error).__name__)

    async def finished(self, *, channel: str, ts: str) -> None:
        try:
            await asyncio.to_thread(self._marks.remove, channel, ts)
        except Exception as error:
            log.warning("could not unmark a progress message: %s", type(error).__name__)

    async def finish_left(self, delivery: Delivery, *, key: str = "interrupted") -> int:
        """Finish the progress messages of processes that are gone (saying `key`); how many."""
        now = datetime.now(UTC)
        return await self._finish(
            delivery,
            key,
            lambda mark: (
                mark.instance != self._instance
                and (not self._alive(mark.instance) or now - mark.created_at > SURELY_GONE)
            ),
        )

    async def finish_mine(self, delivery: Delivery) -> int:
        """On the way out, after work in flight was abandoned: finish its messages now."""
        return await self._finish(
            delivery, "interrupted", lambda mark: mark.instance == self._instance
        )

    async def _finish(self, delivery: Delivery, key: str, wanted: Callable[[Mark], bool]) -> int:
        try:
            left = await asyncio.to_thread(self._marks.left)
        except Exception as error:
            log.warning("could not read progress marks: %s", type(error).__name__)
            return 0
        gone = [mark for mark in left if wanted(mark)]
        for mark in gone:
            lang: Lang = "zh" if mark.lang == "zh" else "en"
            text = say(key, lang)
            await delivery.call(
                mark.learner,
                "chat.update",
                channel=mark.channel,
                ts=mark.ts,
                text=text,
                blocks=[context(f":warning: {text}")],
            )
            await self.finished(channel=mark.channel, ts=mark.ts)
        if gone:
            log.info("finished %d progress messages that were left unfinished", len(gone))
        return len(gone)
