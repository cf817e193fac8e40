"""The progress store on SQLAlchemy Core: one transaction per unit of work.

The database is opened (and migrated) on first use or by `open()` at start-up, so commands
that never touch progress (`demo`, `cleanup`) never create a file.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Engine, Row, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.core.lang import Lang
from bot.core.quiz.ports import (
    Attempt,
    AttemptKind,
    Card,
    Conflict,
    GivenAnswer,
    Learner,
    ProgressUnit,
    ReviewSlot,
    SlotStatus,
    StoreError,
)
from bot.store.engine import driver_hint, make_engine, safe_url
from bot.store.schema import answers, attempts, cards, learners, review_slots


class SqlProgressStore:
    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._guard = threading.Lock()
        # SQLite has one writer at a time; threads of one process queue here, in order,
        # instead of in SQLite's busy handler, which sleeps and retries.
        self._one_writer: threading.Lock | None = (
            threading.Lock() if url.strip().lower().startswith("sqlite") else None
        )

    def describe(self) -> str:
        return safe_url(self.url)

    def open(self) -> str | None:
        """Connect and migrate to the newest schema now; return the schema revision."""
        from bot.store import migrate  # alembic loads only when a database is opened

        with self._guard:
            if self._engine is None:
                try:
                    engine = make_engine(self.url)
                    revision = migrate.upgrade(engine)
                except SQLAlchemyError as error:
                    raise StoreError(f"{self.describe()}: {type(error).__name__}") from None
                except ImportError as error:
                    raise StoreError(driver_hint(self.url, error)) from None
                self._engine = engine
                return revision
        return migrate.current(self._engine)

    def close(self) -> None:
        with self._guard:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    @contextmanager
    def unit(self) -> Iterator[ProgressUnit]:
        if self._engine is None:
            self.open()
        assert self._engine is not None
        try:
            with self._queue(), self._engine.begin() as connection:
                yield SqlUnit(connection)
        except IntegrityError:
            raise Conflict("the row exists already") from None
        except SQLAlchemyError as error:
            raise StoreError(f"progress store: {type(error).__name__}") from error

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction on this store's database, for tables beside the progress ones."""
        if self._engine is None:
            self.open()
        assert self._engine is not None
        try:
            with self._queue(), self._engine.begin() as connection:
                yield connection
        except SQLAlchemyError as error:
            raise StoreError(f"progress store: {type(error).__name__}") from error

    def _queue(self) -> AbstractContextManager[object]:
        return self._one_writer if self._one_writer is not None else nullcontext()


class SqlUnit:
    """The rows of one transaction (see `ProgressUnit`)."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    # learners

    def learner(self, learner_id: str) -> Learner:
        row = self._c.execute(select(learners).where(learners.c.id == learner_id)).first()
        if row is None:
            return Learner(id=learner_id)
        return Learner(
            id=row.id,
            lang=_lang(row.lang),
            locale_lang=_lang(row.locale_lang),
            tz=row.tz,
            review_at=row.review_at,
        )

    def save_learner(self, learner: Learner) -> None:
        values = {
            "lang": learner.lang,
            "locale_lang": learner.locale_lang,
            "tz": learner.tz,
            "review_at": learner.review_at,
        }
        changed = self._c.execute(
            update(learners).where(learners.c.id == learner.id).values(**values)
        )
        if changed.rowcount == 0:
            self._c.execute(insert(learners).values(id=learner.id, **values))

    # attempts

    def attempt(self, attempt_id: str, *, lock: bool = False) -> Attempt | None:
        query = select(attempts).where(attempts.c.id == attempt_id)
        row = self._c.execute(query.with_for_update() if lock else query).first()
        return None if row is None else _attempt(row)

    def open_attempts(self, learner_id: str) -> list[Attempt]:
        rows = self._c.execute(
            select(attempts)
            .where(attempts.c.learner == learner_id, attempts.c.finished_at.is_(None))
            .order_by(attempts.c.started_at.desc(), attempts.c.id)
        )
        return [_attempt(row) for row in rows]

    def add_attempt(self, attempt: Attempt) -> None:
        self._c.execute(
            insert(attempts).values(
                id=attempt.id,
                learner=attempt.learner,
                kind=attempt.kind,
                lesson=attempt.lesson,
                questions=json.dumps(list(attempt.questions)),
                position=attempt.position,
                started_at=attempt.started_at,
                finished_at=attempt.finished_at,
                score=attempt.score,
            )
        )

    def finish_attempt(self, attempt_id: str, *, at: datetime, score: int) -> None:
        self._c.execute(
            update(attempts)
            .where(attempts.c.id == attempt_id, attempts.c.finished_at.is_(None))
            .values(finished_at=at, score=score)
        )

    def advance(self, attempt_id: str, *, from_position: int) -> bool:
        moved = self._c.execute(
            update(attempts)
            .where(attempts.c.id == attempt_id, attempts.c.position == from_position)
            .values(position=from_position + 1)
        )
        return moved.rowcount == 1

    # answers

    def answer(self, learner_id: str, attempt_id: str, question_id: str) -> GivenAnswer | None:
        row = self._c.execute(
            select(answers).where(
                answers.c.learner == learner_id,
                answers.c.attempt == attempt_id,
                answers.c.question == question_id,
            )
        ).first()
        return None if row is None else _answer(row)

    def answers(self, attempt_id: str) -> list[GivenAnswer]:
        rows = self._c.execute(
            select(answers).where(answers.c.attempt == attempt_id).order_by(answers.c.answered_at)
        )
        return [_answer(row) for row in rows]

    def add_answer(self, answer: GivenAnswer) -> None:
        try:
            with self._c.begin_nested():
                self._c.execute(
                    insert(answers).values(
                        learner=answer.learner,
                        attempt=answer.attempt,
                        question=answer.question,
                        choice=answer.choice,
                        correct=answer.correct,
                        answered_at=answer.at,
                    )
                )
        except IntegrityError:
            raise Conflict("answered already") from None

    # cards

    def card(self, learner_id: str, question_id: str) -> Card | None:
        row = self._c.execute(
            select(cards).where(cards.c.learner == learner_id, cards.c.question == question_id)
        ).first()
        return None if row is None else _card(row)

    def cards(self, learner_id: str) -> list[Card]:
        rows = self._c.execute(
            select(cards).where(cards.c.learner == learner_id).order_by(cards.c.question)
        )
        return [_card(row) for row in rows]

    def save_card(self, card: Card) -> None:
        values = {
            "memory": card.memory,
            "due": card.due,
            "last_correct": card.last_correct,
            "reviews": card.reviews,
            "lapses": card.lapses,
            "last_at": card.last_at,
        }
        changed = self._c.execute(
            update(cards)
            .where(cards.c.learner == card.learner, cards.c.question == card.question)
            .values(**values)
        )
        if changed.rowcount == 0:
            self._c.execute(
                insert(cards).values(learner=card.learner, question=card.question, **values)
            )

    # daily review slots

    def pending_slots(self, learner_id: str) -> list[ReviewSlot]:
        rows = self._c.execute(
            select(review_slots)
            .where(review_slots.c.learner == learner_id, review_slots.c.claimed_at.is_(None))
            .order_by(review_slots.c.due_at)
        )
        return [_slot(row) for row in rows]

    def add_slot(self, learner_id: str, due_at: datetime) -> None:
        exists = self._c.execute(
            select(review_slots.c.id).where(
                review_slots.c.learner == learner_id, review_slots.c.due_at == due_at
            )
        ).first()
        if exists is None:
            self._c.execute(insert(review_slots).values(learner=learner_id, due_at=due_at))

    def drop_pending_slots(self, learner_id: str) -> None:
        self._c.execute(
            delete(review_slots).where(
                review_slots.c.learner == learner_id, review_slots.c.claimed_at.is_(None)
            )
        )

    def due_slots(self, now: datetime, *, limit: int) -> list[ReviewSlot]:
        rows = self._c.execute(
            select(review_slots)
            .where(review_slots.c.claimed_at.is_(None), review_slots.c.due_at <= now)
            .order_by(review_slots.c.due_at, review_slots.c.id)
            .limit(limit)
        )
        return [_slot(row) for row in rows]

    def claim_slot(self, slot_id: int, *, now: datetime) -> bool:
        claimed = self._c.execute(
            update(review_slots)
            .where(review_slots.c.id == slot_id, review_slots.c.claimed_at.is_(None))
            .values(claimed_at=now)
        )
        return claimed.rowcount == 1

    def close_slot(self, slot_id: int, *, status: SlotStatus, now: datetime) -> None:
        self._c.execute(
            update(review_slots)
            .where(review_slots.c.id == slot_id)
            .values(status=status, closed_at=now)
        )

    def retry_slot(self, slot_id: int, *, due_at: datetime) -> None:
        self._c.execute(
            update(review_slots)
            .where(review_slots.c.id == slot_id)
            .values(claimed_at=None, status=None, due_at=due_at, tries=review_slots.c.tries + 1)
        )


def _lang(value: str | None) -> Lang | None:
    return value if value in ("en", "zh") else None  # type: ignore[return-value]


def _attempt(row: Row[Any]) -> Attempt:
    return Attempt(
        id=row.id,
        learner=row.learner,
        kind=cast(AttemptKind, row.kind),
        lesson=row.lesson,
        questions=tuple(json.loads(row.questions)),
        position=row.position,
        started_at=row.started_at,
        finished_at=row.finished_at,
        score=row.score,
    )


def _answer(row: Row[Any]) -> GivenAnswer:
    return GivenAnswer(
        learner=row.learner,
        attempt=row.attempt,
        question=row.question,
        choice=row.choice,
        correct=bool(row.correct),
        at=row.answered_at,
    )


def _card(row: Row[Any]) -> Card:
    return Card(
        learner=row.learner,
        question=row.question,
        memory=row.memory,
        due=row.due,
        last_correct=bool(row.last_correct),
        reviews=row.reviews,
        lapses=row.lapses,
        last_at=row.last_at,
    )


def _slot(row: Row[Any]) -> ReviewSlot:
    return ReviewSlot(id=row.id, learner=row.learner, due_at=row.due_at, tries=row.tries)
