"""An in-memory progress store and a clock moved by hand, for quiz tests without a database."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from bot.core.quiz.ports import (
    Attempt,
    Card,
    Conflict,
    GivenAnswer,
    Learner,
    ProgressUnit,
    ReviewSlot,
    SlotStatus,
)


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.at = start or datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@dataclass
class _Slot:
    slot: ReviewSlot
    claimed_at: datetime | None = None
    status: SlotStatus | None = None


@dataclass
class _State:
    learners: dict[str, Learner] = field(default_factory=dict)
    attempts: dict[str, Attempt] = field(default_factory=dict)
    answers: dict[tuple[str, str, str], GivenAnswer] = field(default_factory=dict)
    cards: dict[tuple[str, str], Card] = field(default_factory=dict)
    slots: dict[int, _Slot] = field(default_factory=dict)
    next_slot: int = 1


class MemoryStore:
    """Transactions are serialised by one lock and undone on an exception, like the real one."""

    def __init__(self) -> None:
        self.state = _State()
        self._lock = threading.RLock()
        self.units = 0

    @contextmanager
    def unit(self) -> Iterator[ProgressUnit]:
        with self._lock:
            self.units += 1
            saved = copy.deepcopy(self.state)
            try:
                yield MemoryUnit(self.state)
            except BaseException:
                self.state.__dict__.update(saved.__dict__)
                raise


class MemoryUnit:
    def __init__(self, state: _State) -> None:
        self.s = state

    def learner(self, learner_id: str) -> Learner:
        return self.s.learners.get(learner_id, Learner(id=learner_id))

    def save_learner(self, learner: Learner) -> None:
        self.s.learners[learner.id] = learner

    def attempt(self, attempt_id: str, *, lock: bool = False) -> Attempt | None:
        return self.s.attempts.get(attempt_id)

    def open_attempts(self, learner_id: str) -> list[Attempt]:
        found = [
            a for a in self.s.attempts.values() if a.learner == learner_id and a.finished_at is None
        ]
        return sorted(found, key=lambda a: a.started_at, reverse=True)

    def add_attempt(self, attempt: Attempt) -> None:
        self.s.attempts[attempt.id] = attempt

    def finish_attempt(self, attempt_id: str, *, at: datetime, score: int) -> None:
        attempt = self.s.attempts[attempt_id]
        if attempt.finished_at is None:
            self.s.attempts[attempt_id] = replace(attempt, finished_at=at, score=score)

    def advance(self, attempt_id: str, *, from_position: int) -> bool:
        attempt = self.s.attempts[attempt_id]
        if attempt.position != from_position:
            return False
        self.s.attempts[attempt_id] = replace(attempt, position=from_position + 1)
        return True

    def answer(self, learner_id: str, attempt_id: str, question_id: str) -> GivenAnswer | None:
        return self.s.answers.get((learner_id, attempt_id, question_id))

    def answers(self, attempt_id: str) -> list[GivenAnswer]:
        return sorted(
            (a for a in self.s.answers.values() if a.attempt == attempt_id), key=lambda a: a.at
        )

    def add_answer(self, answer: GivenAnswer) -> None:
        key = (answer.learner, answer.attempt, answer.question)
        if key in self.s.answers:
            raise Conflict("answered already")
        self.s.answers[key] = answer

    def card(self, learner_id: str, question_id: str) -> Card | None:
        return self.s.cards.get((learner_id, question_id))

    def cards(self, learner_id: str) -> list[Card]:
        return [c for (who, _q), c in sorted(self.s.cards.items()) if who == learner_id]

    def save_card(self, card: Card) -> None:
        self.s.cards[(card.learner, card.question)] = card

    def pending_slots(self, learner_id: str) -> list[ReviewSlot]:
        return [
            s.slot
            for s in self.s.slots.values()
            if s.slot.learner == learner_id and s.claimed_at is None
        ]

    def add_slot(self, learner_id: str, due_at: datetime) -> None:
        if any(
            s.slot.learner == learner_id and s.slot.due_at == due_at for s in self.s.slots.values()
        ):
            return
        number = self.s.next_slot
        self.s.next_slot += 1
        self.s.slots[number] = _Slot(ReviewSlot(number, learner_id, due_at))

    def drop_pending_slots(self, learner_id: str) -> None:
        for number in [
            n for n, s in self.s.slots.items() if s.slot in self.pending_slots(learner_id)
        ]:
            del self.s.slots[number]

    def due_slots(self, now: datetime, *, limit: int) -> list[ReviewSlot]:
        due = [
            s.slot for s in self.s.slots.values() if s.claimed_at is None and s.slot.due_at <= now
        ]
        return sorted(due, key=lambda s: (s.due_at, s.id))[:limit]

    def claim_slot(self, slot_id: int, *, now: datetime) -> bool:
        slot = self.s.slots.get(slot_id)
        if slot is None or slot.claimed_at is not None:
            return False
        slot.claimed_at = now
        return True

    def close_slot(self, slot_id: int, *, status: SlotStatus, now: datetime) -> None:
        self.s.slots[slot_id].status = status

    def retry_slot(self, slot_id: int, *, due_at: datetime) -> None:
        old = self.s.slots[slot_id].slot
        self.s.slots[slot_id] = _Slot(replace(old, due_at=due_at, tries=old.tries + 1))
