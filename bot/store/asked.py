"""The question log (`bot.core.answer.asked.AskedLog`) in the progress database."""

from __future__ import annotations

from sqlalchemy import insert, select

from bot.core.answer.asked import OUTCOMES, Asked
from bot.store.schema import asked_questions
from bot.store.sql import SqlProgressStore


class SqlAskedLog:
    """Implements `AskedLog` on the progress store's database (migration 0004)."""

    def __init__(self, store: SqlProgressStore) -> None:
        self.store = store

    def add(self, asked: Asked) -> None:
        with self.store.begin() as connection:
            connection.execute(
                insert(asked_questions).values(
                    learner=asked.learner,
                    question=asked.question,
                    outcome=asked.outcome,
                    entry=asked.entry,
                    at=asked.at,
                )
            )

    def all(self) -> list[Asked]:
        with self.store.begin() as connection:
            rows = connection.execute(select(asked_questions).order_by(asked_questions.c.id))
            return [
                Asked(
                    learner=row.learner,
                    question=row.question,
                    outcome=next(o for o in OUTCOMES if o == row.outcome),
                    entry=row.entry,
                    at=row.at,
                )
                for row in rows
            ]
