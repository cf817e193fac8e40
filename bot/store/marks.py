"""Progress messages in flight, remembered in the progress database.

A DM message that says "Creating the container…" is finished by the process that posted
it. When that process is killed, nobody would: so each one is marked here when posted
and unmarked when its reply is sent (or kept in the outbox), and at start-up the marks of
processes that are gone are finished with a note and removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select

from bot.store.schema import progress_marks
from bot.store.sql import SqlProgressStore


@dataclass(frozen=True)
class Mark:
    channel: str
    ts: str
    learner: str
    lang: str
    instance: str
    created_at: datetime


class SqlMarks:
    """The progress_marks table, on the progress store's database."""

    def __init__(self, store: SqlProgressStore) -> None:
        self._store = store

    def add(self, mark: Mark) -> None:
        with self._store.begin() as connection:
            connection.execute(insert(progress_marks).values(**mark.__dict__))

    def remove(self, channel: str, ts: str) -> None:
        with self._store.begin() as connection:
            connection.execute(
                delete(progress_marks).where(
                    progress_marks.c.channel == channel, progress_marks.c.ts == ts
                )
            )

    def left(self) -> list[Mark]:
        with self._store.begin() as connection:
            rows = connection.execute(select(progress_marks)).all()
        return [Mark(**row._asdict()) for row in rows]
