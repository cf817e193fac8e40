"""Neutral quiz replies: a question, the feedback on an answer, and progress per lesson."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.course import Lang, Lesson, QuizQuestion, Step
from bot.core.progress_ports import AttemptKind


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
