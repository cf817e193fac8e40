"""What quizzes, progress and spaced review need from the outside: a clock and a store.

The store is a unit of work: `with store.unit() as unit:` is one transaction, committed
when the block ends without an exception. The core decides what an answer means; the
store only keeps rows, so the SQL store and the in-memory fake of the tests behave alike.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, Protocol

from bot.core.lang import Lang

AttemptKind = Literal["quiz", "review"]
SlotStatus = Literal["sent", "empty", "missed", "failed"]


class Clock(Protocol):
    """Now, as a timezone-aware UTC datetime; tests pass a clock they move by hand."""

    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class StoreError(Exception):
    """The progress store could not be reached or refused the work; nothing was saved."""


class Conflict(StoreError):
    """A row with the same key exists: a concurrent writer got there first."""


@dataclass(frozen=True)
class Learner:
    """A learner's remembered settings; `lang` is their own choice, `locale_lang` Slack's."""

    id: str
    lang: Lang | None = None
    locale_lang: Lang | None = None
    tz: str | None = None
    review_at: str | None = None  # "HH:MM" in `tz`, or no daily review

    @property
    def effective_lang(self) -> Lang:
        return self.lang or self.locale_lang or "en"


@dataclass(frozen=True)
class Attempt:
    """One quiz or review: its questions in order and how far the learner got."""

    id: str
    learner: str
    kind: AttemptKind
    lesson: str | None
    questions: tuple[str, ...]
    position: int
    started_at: datetime
    finished_at: datetime | None = None
    score: int | None = None

    @property
    def current(self) -> str | None:
        return self.questions[self.position] if self.position < len(self.questions) else None


@dataclass(frozen=True)
class GivenAnswer:
    """One answer; (learner, attempt, question) is its key, so a double click counts once."""

    learner: str
    attempt: str
    question: str
    choice: int
    correct: bool
    at: datetime


@dataclass(frozen=True)
class Card:
    """What the spaced-review algorithm knows of one question for one learner."""

    learner: str
    question: str
    memory: str  # the algorithm's own state, serialised; opaque to the store
    due: datetime
    last_correct: bool
    reviews: int
    lapses: int
    last_at: datetime


@dataclass(frozen=True)
class ReviewSlot:
    """One daily review DM to send at `due_at`, claimed by exactly one sender."""

    id: int
    learner: str
    due_at: datetime
    tries: int = 0
    """Sends that failed before; a failed send is tried again later, a few times."""


class ProgressUnit(Protocol):
    """The rows of one transaction."""

    def learner(self, learner_id: str) -> Learner:
        """The learner's settings; defaults when they have none yet."""
        ...

    def save_learner(self, learner: Learner) -> None: ...

    def attempt(self, attempt_id: str, *, lock: bool = False) -> Attempt | None:
        """`lock` holds the row until the transaction ends (serialises answers)."""
        ...

    def open_attempts(self, learner_id: str) -> list[Attempt]:
        """Unfinished attempts, newest first."""
        ...

    def add_attempt(self, attempt: Attempt) -> None: ...

    def finish_attempt(self, attempt_id: str, *, at: datetime, score: int) -> None: ...

    def advance(self, attempt_id: str, *, from_position: int) -> bool:
        """Move to the next question only if still at `from_position` (compare-and-set)."""
        ...

    def answer(self, learner_id: str, attempt_id: str, question_id: str) -> GivenAnswer | None: ...

    def answers(self, attempt_id: str) -> list[GivenAnswer]: ...

    def add_answer(self, answer: GivenAnswer) -> None:
        """Raise `Conflict` when this (learner, attempt, question) is answered already."""
        ...

    def card(self, learner_id: str, question_id: str) -> Card | None: ...

    def cards(self, learner_id: str) -> list[Card]: ...

    def save_card(self, card: Card) -> None: ...

    def pending_slots(self, learner_id: str) -> list[ReviewSlot]: ...

    def add_slot(self, learner_id: str, due_at: datetime) -> None: ...

    def drop_pending_slots(self, learner_id: str) -> None: ...

    def due_slots(self, now: datetime, *, limit: int) -> list[ReviewSlot]:
        """Unclaimed slots whose time has come, oldest first."""
        ...

    def claim_slot(self, slot_id: int, *, now: datetime) -> bool:
        """Atomically mark the slot taken; False when another sender took it first."""
        ...

    def close_slot(self, slot_id: int, *, status: SlotStatus, now: datetime) -> None: ...

    def retry_slot(self, slot_id: int, *, due_at: datetime) -> None:
        """A send failed: the slot is pending again, due at `due_at`, with one more try."""
        ...


class ProgressStore(Protocol):
    def unit(self) -> AbstractContextManager[ProgressUnit]:
        """One transaction: committed when the block ends cleanly, rolled back otherwise."""
        ...
