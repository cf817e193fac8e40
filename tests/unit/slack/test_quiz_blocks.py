"""Every quiz message, for every question in both languages, passes Slack's own limits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.config import Settings
from bot.core.course import Course
from bot.core.lang import Lang
from bot.core.quiz.replies import (
    AnswerShown,
    LessonMastery,
    ProgressShown,
    QuestionShown,
    QuizHead,
    Score,
    SeeLive,
)
from bot.slack.blocks import dispatch, kit, menu
from bot.slack.blocks import quiz as quiz_blocks
from bot.wiring import course_from
from testkit.standin.limits import check_message, check_view

WHEN = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def course() -> Course:
    return course_from(Settings())


def actions(message: kit.Message) -> list[str]:
    return [e["action_id"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_question_and_its_feedback_fit_slack(course: Course, lang: Lang) -> None:
    for lesson in course.lessons:
        for number, question in enumerate(lesson.quiz, start=1):
            head = QuizHead("U1", "a" * 32, "quiz", lesson, number, len(lesson.quiz))
            shown = quiz_blocks.question(QuestionShown(head, question, lang, "intro"))
            verdict = check_message(shown.payload())
            assert verdict.ok and not verdict.warnings, (question.id, verdict)
            assert actions(shown) == [f"qz:answer:{i}" for i in range(len(question.choices))]
            for finished in (None, Score(3, 5, 2, WHEN)):
                reply = AnswerShown(
                    head,
                    question,
                    0,
                    question.answer == 0,
                    SeeLive("nginx", "pids"),
                    finished,
                    False,
                    lang,
                )
                feedback = quiz_blocks.answered(reply)
                verdict = check_message(feedback.payload())
                assert verdict.ok and not verdict.warnings, (question.id, verdict)
                expected = ["qz:see"] if finished else ["qz:see", "qz:next"]
                assert actions(feedback) == expected


def test_a_question_message_goes_through_the_shared_builder(course: Course) -> None:
    lesson = course.lessons[0]
    head = QuizHead("U1", "t", "review", None, 1, 1)
    shown = dispatch.message(QuestionShown(head, lesson.quiz[0], "zh"), kit.Origin(owner="U1"))
    assert shown.blocks[0]["text"]["text"] == "複習"


def test_progress_and_app_home_fit_slack(course: Course) -> None:
    lessons = tuple(
        LessonMastery(lesson, len(lesson.quiz), 1, 2, len(lesson.quiz) - 3)
        for lesson in course.lessons
    )
    for due in (0, 3):
        shown = ProgressShown("U1", lessons, due, WHEN, "09:00", "Asia/Taipei", "zh")
        message = quiz_blocks.progress(shown)
        assert check_message(message.payload()).ok
        assert ("qz:review" in actions(message)) == bool(due)
        home = quiz_blocks.home_with_progress(
            menu.home_view(course.lessons, "zh", owner="U1"), shown
        )
        assert check_view(home, home_only=True).ok
        text = str(home["blocks"])
        assert "你的學習進度" in text and "09:00（Asia/Taipei）" in text


def test_dates_read_in_the_readers_own_time_zone() -> None:
    assert quiz_blocks.slack_date(WHEN) == (
        "<!date^1772528400^{date_short_pretty} {time}|2026-03-03 09:00 UTC>"
    )


def test_malformed_button_values_read_as_nothing() -> None:
    for value in ("", "[1]", "{", "null"):
        assert kit.read_value(value) == kit.Click(kit.Origin(owner=""))
