"""Mastery per lesson, read from the spaced-review cards: what is known, what comes back."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.core.course import Course, Lesson
from bot.core.lang import Lang
from bot.core.quiz.ports import Card, Learner
from bot.core.quiz.replies import LessonMastery, ProgressShown
from bot.core.quiz.service import mastered
from bot.core.quiz.spacing import day_end


def lesson_mastery(lesson: Lesson, cards: dict[str, Card], today: datetime) -> LessonMastery:
    known = review = untried = 0
    items = [*(q.id for q in lesson.quiz), *(t.id for t in lesson.tasks)]  # tasks count too
    for item in items:
        card = cards.get(item)
        if card is None:
            untried += 1
        elif mastered(card, today):
            known += 1
        else:
            review += 1
    return LessonMastery(lesson, len(items), known, review, untried)


def progress(
    course: Course, learner: Learner, cards: Iterable[Card], now: datetime, lang: Lang
) -> ProgressShown:
    today = day_end(learner.tz, now)
    questions = {q.id for lesson in course.lessons for q in lesson.quiz}
    ours = questions | {t.id for lesson in course.lessons for t in lesson.tasks}
    by_question = {c.question: c for c in cards if c.question in ours}
    lessons = tuple(
        lesson_mastery(lesson, by_question, today)
        for lesson in course.lessons
        if lesson.quiz or lesson.tasks
    )
    due = [c for c in by_question.values() if c.due < today and c.question in questions]
    # due tasks come back through `task`, not the question review that `due_now` announces
    later = [c.due for c in by_question.values() if c.due >= today]
    return ProgressShown(
        learner=learner.id,
        lessons=lessons,
        due_now=len(due),
        next_due=min(later) if later else None,
        review_at=learner.review_at,
        tz=learner.tz or "UTC",
        lang=lang,
    )
