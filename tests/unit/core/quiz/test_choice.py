"""A typed or clicked answer number in any script's digits: read it, or refuse it politely."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.core.quiz.choice import choice_number
from bot.core.quiz.commands import QuizCommands
from bot.core.quiz.replies import AnswerShown
from bot.core.quiz.service import QuizError
from bot.wiring import course_from
from testkit.quiz_fakes import FakeClock, MemoryStore


@pytest.fixture
def quizzes() -> QuizCommands:
    return QuizCommands(course=course_from(Settings()), store=MemoryStore(), clock=FakeClock())


@pytest.mark.parametrize(
    ("text", "number"),
    [("2", 2), (" 3 ", 3), ("２", 2), ("٣", 3), ("१", 1), ("12", 12)],
)
def test_decimal_digits_of_any_script_are_read(text: str, number: int) -> None:
    assert choice_number(text) == number


@pytest.mark.parametrize("text", ["²", "፩", "Ⅱ", "two", "", "1.5", "-1", "1234", "½"])
def test_anything_else_is_not_a_choice(text: str) -> None:
    assert choice_number(text) is None


def test_a_typed_ethiopic_numeral_is_refused_politely_and_changes_nothing(
    quizzes: QuizCommands,
) -> None:
    quizzes.service.start("u1", "containers-and-vms")
    with pytest.raises(QuizError) as refused:
        quizzes.service.answer_current("u1", "፩")
    assert refused.value.key == "quiz_bad_choice"
    assert quizzes.service.current("u1") is not None  # the question still waits


def test_a_full_width_digit_answers(quizzes: QuizCommands) -> None:
    quizzes.service.start("u1", "containers-and-vms")
    shown = quizzes.service.answer_current("u1", "１")
    assert isinstance(shown, AnswerShown)
