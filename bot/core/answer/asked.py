"""What learners asked that the lessons did not answer well, kept for the lesson authors.

Declined questions, answers marked *Not helpful* (and *Helpful*, to count against them) and
the entry a learner picked after "did you mean" are stored with the learner id hashed: the
report needs to know that two questions came from two people, never who they were.
`report` groups the same question asked again (case, spaces and final punctuation aside)
and names the closest entry, so an author sees what to write next.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

Outcome = Literal["declined", "not_helpful", "helpful", "chose"]
OUTCOMES: tuple[Outcome, ...] = ("declined", "not_helpful", "helpful", "chose")
QUESTION_CHARS = 500
"""Longer questions are cut: the report groups questions, it does not archive essays."""
_SALT = b"container-tutor/asked/"
_ENDING = re.compile(r"[\s?？!！.。,，;；:：]+$")


@dataclass(frozen=True)
class Asked:
    """One event: a question and what became of it."""

    learner: str
    """The learner id, hashed (`learner_hash`)."""
    question: str
    outcome: Outcome
    entry: str | None
    """The entry answered or chosen, or the closest section (`lesson/section`) if declined."""
    at: datetime


class AskedLog(Protocol):
    """Where the events are kept (the progress database)."""

    def add(self, asked: Asked) -> None: ...

    def all(self) -> list[Asked]: ...


def learner_hash(learner: str) -> str:
    return hashlib.sha256(_SALT + learner.encode()).hexdigest()[:16]


class QuestionLog:
    """Records events with the learner hashed; the report reads them back."""

    def __init__(self, *, log: AskedLog, now: Callable[[], datetime]) -> None:
        self.log = log
        self.now = now

    def record(self, learner: str, question: str, outcome: Outcome, entry: str | None) -> None:
        text = " ".join(question.split())[:QUESTION_CHARS]
        self.log.add(Asked(learner_hash(learner), text, outcome, entry, self.now()))

    def report(self) -> list[ReportRow]:
        return report(self.log.all())


@dataclass(frozen=True)
class ReportRow:
    """One question (as first written), how often and by how many, what became of it."""

    question: str
    count: int
    learners: int
    outcomes: dict[str, int]
    closest: str | None


def report(events: Iterable[Asked]) -> list[ReportRow]:
    """Questions the lessons did not answer well, most asked first (*Helpful* ones left out)."""
    groups: dict[str, list[Asked]] = {}
    for event in events:
        groups.setdefault(_key(event.question), []).append(event)
    rows = []
    for found in groups.values():
        trouble = [e for e in found if e.outcome != "helpful"]
        if not trouble:
            continue
        entries = Counter(e.entry for e in found if e.entry)
        rows.append(
            ReportRow(
                question=found[0].question,
                count=len(trouble),
                learners=len({e.learner for e in trouble}),
                outcomes=dict(Counter(e.outcome for e in found)),
                closest=entries.most_common(1)[0][0] if entries else None,
            )
        )
    rows.sort(key=lambda row: (-row.count, -row.learners, row.question))
    return rows


def _key(question: str) -> str:
    return _ENDING.sub("", " ".join(question.casefold().split()))
