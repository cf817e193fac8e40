"""The quiz flow: pick questions, take one answer per question, move on, keep the score.

Every step is one store transaction, committed before the adapter replies, so an answer
that got feedback is never lost. Clicks carry (learner, attempt, question): a click by
someone else, on a quiz that ended or on a question that is not the current one gets a
`QuizError` the adapter turns into a polite message; a second click on the same answer
finds the first one and shows the same feedback without counting it again.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from bot.core.course import Course, Lesson, QuizQuestion
from bot.core.lang import Lang
from bot.core.quiz import spacing as quiz_spacing
from bot.core.quiz.choice import choice_number
from bot.core.quiz.ports import (
    Attempt,
    AttemptKind,
    Card,
    Clock,
    Conflict,
    GivenAnswer,
    ProgressStore,
    ProgressUnit,
)
from bot.core.quiz.replies import AnswerShown, QuestionShown, QuizHead, Score, SeeLive

QUIZ_LENGTH = 5
REVIEW_LENGTH = 10


class QuizError(Exception):
    """Something the learner can act on; `key` and `params` select a message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class QuizService:
    def __init__(
        self,
        *,
        course: Course,
        store: ProgressStore,
        clock: Clock,
        length: int = QUIZ_LENGTH,
        review_length: int = REVIEW_LENGTH,
    ) -> None:
        self.course = course
        self.store = store
        self.clock = clock
        self._length = length
        self._review_length = review_length
        self._questions: dict[str, tuple[Lesson, QuizQuestion]] = {
            q.id: (lesson, q) for lesson in course.lessons for q in lesson.quiz
        }

    # ------------------------------------------------------------------ starting

    def start(self, learner: str, lesson_arg: str = "", *, lang: Lang = "en") -> QuestionShown:
        """A new quiz on one lesson: missed and due questions first, then new ones."""
        now = self.clock.now()
        with self.store.unit() as unit:
            cards = {c.question: c for c in unit.cards(learner)}
            today = quiz_spacing.day_end(unit.learner(learner).tz, now)
            lesson = self._lesson(lesson_arg, cards, today)
            picked = pick(lesson.quiz, cards, today, self._length)
            attempt = self._begin(unit, learner, "quiz", lesson.id, picked, now)
        return self.question(attempt, lang)

    def start_review(
        self, learner: str, *, lang: Lang = "en", unit: ProgressUnit | None = None
    ) -> QuestionShown:
        """A review of every question due now, the longest overdue first."""
        now = self.clock.now()
        if unit is not None:
            return self.question(self._begin_review(unit, learner, now), lang)
        with self.store.unit() as own:
            attempt = self._begin_review(own, learner, now)
        return self.question(attempt, lang)

    def _begin_review(self, unit: ProgressUnit, learner: str, now: datetime) -> Attempt:
        today = quiz_spacing.day_end(unit.learner(learner).tz, now)
        due = sorted(
            (c for c in unit.cards(learner) if c.due < today and c.question in self._questions),
            key=lambda c: (c.due, c.question),
        )
        if not due:
            raise QuizError("review_nothing_due")
        picked = [c.question for c in due[: self._review_length]]
        return self._begin(unit, learner, "review", None, picked, now)

    def _lesson(self, lesson_arg: str, cards: dict[str, Card], today: datetime) -> Lesson:
        with_quiz = [lesson for lesson in self.course.lessons if lesson.quiz]
        if not with_quiz:
            raise QuizError("quiz_no_questions")
        wanted = lesson_arg.strip().lower()
        if not wanted:
            unmastered = (
                lesson
                for lesson in with_quiz
                if any(not mastered(cards.get(q.id), today) for q in lesson.quiz)
            )
            return next(unmastered, with_quiz[0])
        for index, lesson in enumerate(self.course.lessons, start=1):
            if wanted in (lesson.id, str(lesson.order), str(index)):
                if not lesson.quiz:
                    raise QuizError("quiz_no_questions")
                return lesson
        known = ", ".join(f"`{lesson.id}`" for lesson in with_quiz)
        raise QuizError("quiz_unknown_lesson", name=_safe(wanted), known=known)

    def _begin(
        self,
        unit: ProgressUnit,
        learner: str,
        kind: AttemptKind,
        lesson: str | None,
        questions: Sequence[str],
        now: datetime,
    ) -> Attempt:
        """Open a new attempt; an unfinished one of the same kind ends, its buttons go stale."""
        for old in unit.open_attempts(learner):
            if old.kind == kind:
                right = sum(a.correct for a in unit.answers(old.id))
                unit.finish_attempt(old.id, at=now, score=right)
        attempt = Attempt(
            id=uuid.uuid4().hex,
            learner=learner,
            kind=kind,
            lesson=lesson,
            questions=tuple(questions),
            position=0,
            started_at=now,
        )
        unit.add_attempt(attempt)
        return attempt

    # ------------------------------------------------------------------ answering

    def answer(
        self, learner: str, attempt_id: str, question_id: str, choice: int, *, lang: Lang = "en"
    ) -> AnswerShown:
        """Record one answer (once), reschedule the question, and say right or wrong."""
        now = self.clock.now()
        try:
            with self.store.unit() as unit:
                return self._answer(unit, learner, attempt_id, question_id, choice, now, lang)
        except Conflict:
            pass  # a concurrent click committed first: show what it recorded
        with self.store.unit() as unit:
            return self._answer(unit, learner, attempt_id, question_id, choice, now, lang)

    def _answer(
        self,
        unit: ProgressUnit,
        learner: str,
        attempt_id: str,
        question_id: str,
        choice: int,
        now: datetime,
        lang: Lang,
    ) -> AnswerShown:
        attempt = self._attempt(unit, learner, attempt_id, question_id)
        existing = unit.answer(learner, attempt_id, question_id)
        if existing is not None:
            return self._feedback(unit, attempt, existing, lang)
        if attempt.finished_at is not None or attempt.current != question_id:
            raise QuizError("quiz_stale")
        _lesson, question = self._questions[question_id]
        if not 0 <= choice < len(question.choices):
            raise QuizError("quiz_bad_choice", count=len(question.choices))
        record = GivenAnswer(
            learner=learner,
            attempt=attempt_id,
            question=question_id,
            choice=choice,
            correct=choice == question.answer,
            at=now,
        )
        unit.add_answer(record)
        card = unit.card(learner, question_id)
        unit.save_card(
            quiz_spacing.review(
                card, learner=learner, question=question_id, correct=record.correct, at=now
            )
        )
        if attempt.position == len(attempt.questions) - 1:
            right = sum(a.correct for a in unit.answers(attempt_id))
            unit.finish_attempt(attempt_id, at=now, score=right)
            attempt = replace(attempt, finished_at=now, score=right)
        return self._feedback(unit, attempt, record, lang)

    def feedback(
        self, learner: str, attempt_id: str, question_id: str, *, lang: Lang = "en"
    ) -> AnswerShown | None:
        """The feedback already given on a question, as it reads now (None if unanswered)."""
        with self.store.unit() as unit:
            attempt = self._attempt(unit, learner, attempt_id, question_id)
            existing = unit.answer(learner, attempt_id, question_id)
            return None if existing is None else self._feedback(unit, attempt, existing, lang)

    def next(
        self, learner: str, attempt_id: str, question_id: str, *, lang: Lang = "en"
    ) -> QuestionShown | None:
        """The question after `question_id`; None when a first click moved on already."""
        with self.store.unit() as unit:
            attempt = self._attempt(unit, learner, attempt_id, question_id)
            index = attempt.questions.index(question_id)
            if attempt.position > index:
                return None
            if attempt.finished_at is not None or index + 1 >= len(attempt.questions):
                raise QuizError("quiz_stale")
            if unit.answer(learner, attempt_id, question_id) is None:
                raise QuizError("quiz_answer_first")
            if not unit.advance(attempt_id, from_position=index):
                return None
            attempt = replace(attempt, position=index + 1)
        return self.question(attempt, lang)

    # ------------------------------------------------------------------ typed answers

    def current(self, learner: str) -> Attempt | None:
        """The learner's newest unfinished attempt (typed `answer N` and `next` use it)."""
        with self.store.unit() as unit:
            attempts = unit.open_attempts(learner)
        return attempts[0] if attempts else None

    def answer_current(self, learner: str, text: str, *, lang: Lang = "en") -> AnswerShown:
        attempt = self.current(learner)
        if attempt is None or attempt.current is None:
            raise QuizError("quiz_none_open")
        _lesson, question = self._questions.get(attempt.current, (None, None))
        if question is None:
            raise QuizError("quiz_stale")
        number = choice_number(text)
        if number is None or not 1 <= number <= len(question.choices):
            raise QuizError("quiz_bad_choice", count=len(question.choices))
        return self.answer(learner, attempt.id, attempt.current, number - 1, lang=lang)

    def next_current(self, learner: str, *, lang: Lang = "en") -> QuestionShown:
        attempt = self.current(learner)
        if attempt is None or attempt.current is None:
            raise QuizError("quiz_none_open")
        if self.feedback(learner, attempt.id, attempt.current, lang=lang) is None:
            return self.question(attempt, lang)  # not answered yet: ask it again
        shown = self.next(learner, attempt.id, attempt.current, lang=lang)
        if shown is None:
            raise QuizError("quiz_stale")
        return shown

    # ------------------------------------------------------------------ replies

    def question(self, attempt: Attempt, lang: Lang, *, intro: str = "") -> QuestionShown:
        question_id = attempt.current
        if question_id is None or question_id not in self._questions:
            raise QuizError("quiz_stale")
        _lesson, question = self._questions[question_id]
        return QuestionShown(self._head(attempt, question_id), question, lang, intro)

    def _head(self, attempt: Attempt, question_id: str) -> QuizHead:
        lesson = self.course.lesson(attempt.lesson) if attempt.lesson else None
        return QuizHead(
            learner=attempt.learner,
            attempt=attempt.id,
            kind=attempt.kind,
            lesson=lesson,
            number=attempt.questions.index(question_id) + 1,
            total=len(attempt.questions),
        )

    def _attempt(
        self, unit: ProgressUnit, learner: str, attempt_id: str, question_id: str
    ) -> Attempt:
        attempt = unit.attempt(attempt_id, lock=True)
        if attempt is None or question_id not in attempt.questions:
            raise QuizError("quiz_stale")
        if attempt.learner != learner:
            raise QuizError("quiz_not_yours", owner=attempt.learner)
        if question_id not in self._questions:
            raise QuizError("quiz_stale")
        return attempt

    def _feedback(
        self, unit: ProgressUnit, attempt: Attempt, answer: GivenAnswer, lang: Lang
    ) -> AnswerShown:
        _lesson, question = self._questions[answer.question]
        index = attempt.questions.index(answer.question)
        answers = unit.answers(attempt.id)
        finished = None
        if len(answers) == len(attempt.questions):
            missed = [a.question for a in answers if not a.correct]
            dues = [c.due for q in missed if (c := unit.card(attempt.learner, q)) is not None]
            right = sum(a.correct for a in answers)
            finished = Score(right, len(answers), len(missed), min(dues) if dues else None)
        return AnswerShown(
            head=self._head(attempt, answer.question),
            question=question,
            choice=answer.choice,
            correct=answer.correct,
            see=self._see(question),
            finished=finished,
            moved_on=attempt.position > index or attempt.finished_at is not None,
            lang=lang,
        )

    def _see(self, question: QuizQuestion) -> SeeLive | None:
        found = self.course.section(question.section)
        if found is None:
            return None
        section = found[1]
        if section.demo is None or section.see is None:
            return None
        return SeeLive(section.demo, section.see)


def mastered(card: Card | None, today: datetime) -> bool:
    """Known: the last answer was right and the algorithm does not want it back today."""
    return card is not None and card.last_correct and card.due >= today


def pick(
    questions: Sequence[QuizQuestion], cards: dict[str, Card], today: datetime, length: int
) -> list[str]:
    """Missed or due questions first (longest overdue first), then untried, then known."""

    def rank(item: tuple[int, QuizQuestion]) -> tuple[int, float, int]:
        index, question = item
        card = cards.get(question.id)
        if card is None:
            return (1, 0.0, index)
        if not mastered(card, today):
            return (0, card.due.timestamp(), index)
        return (2, card.due.timestamp(), index)

    ranked = sorted(enumerate(questions), key=rank)
    return [question.id for _index, question in ranked[:length]]


def _safe(text: str) -> str:
    """What a learner typed, cut and stripped of anything Slack would read as markup."""
    return "".join(ch for ch in text[:40] if ch.isalnum() or ch in "-_. ")
