"""Neutral quiz replies: a question, the feedback on an answer, and progress per lesson."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.core.course import Lesson, QuizQuestion, Step
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.quiz.ports import AttemptKind


@dataclass(frozen=True)
class SeeLive:
    """The demo that shows a question's point, and the command to run there."""

    demo: str
    step: Step


@dataclass(frozen=True)
class QuizHead:
    """Whose quiz this is and where in it the question sits: carried by every button."""

    learner: str
    attempt: str
    kind: AttemptKind
    lesson: Lesson | None
    number: int  # 1-based
    total: int


@dataclass(frozen=True)
class QuestionShown:
    head: QuizHead
    question: QuizQuestion
    lang: Lang = "en"
    intro: str = ""  # e.g. the daily review greeting, already in `lang`
    previous: AnswerShown | None = None
    """After a "next" click: the question before, as it reads now (no "next" button)."""


@dataclass(frozen=True)
class Score:
    right: int
    total: int
    missed: int
    next_due: datetime | None


@dataclass(frozen=True)
class AnswerShown:
    """Right or wrong, the explanation, the live demo and what comes next."""

    head: QuizHead
    question: QuizQuestion
    choice: int
    correct: bool
    see: SeeLive | None
    finished: Score | None
    moved_on: bool  # the learner went on already: no "next" button any more
    lang: Lang = "en"


@dataclass(frozen=True)
class LessonMastery:
    lesson: Lesson
    total: int
    mastered: int  # last answer right and not yet due again
    to_review: int  # missed, or due again
    untried: int


@dataclass(frozen=True)
class ProgressShown:
    learner: str
    lessons: tuple[LessonMastery, ...]
    due_now: int
    next_due: datetime | None
    review_at: str | None
    tz: str
    lang: Lang = "en"


QuizReply = QuestionShown | AnswerShown | ProgressShown


def progress_notes(
    reply: ProgressShown, lang: Lang, *, when: Callable[[datetime], str]
) -> list[str]:
    """What is due and when the daily review comes, as sentences; `when` formats a date."""
    notes: list[str] = []
    if reply.due_now:
        notes.append(say("progress_due", lang, count=reply.due_now))
    elif reply.next_due is not None:
        notes.append(say("progress_next", lang, when=when(reply.next_due)))
    else:
        notes.append(say("progress_empty", lang))
    if reply.review_at:
        notes.append(say("progress_review_at", lang, time=reply.review_at, tz=reply.tz))
    else:
        notes.append(say("progress_review_unset", lang))
    return notes
