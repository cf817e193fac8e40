"""A floor on answer quality over the eval sets: a change that answers worse fails CI.

The floors are the issue's targets (90% English, 85% Chinese, every off-topic question
declined); bench/qa.py prints the exact numbers, with latency and memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.core.answer.replies import Answer
from bot.core.answer.service import Answerer
from bot.wiring import answerer_from, course_from
from testkit.answer_eval import EVAL, HOLDOUT, Question, load, score


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    settings = Settings()
    return answerer_from(settings, course_from(settings))


def describe(misses: list[tuple[Question, Answer]]) -> str:
    return "\n".join(f"{q.text} -> {a.lesson}/{a.section} ({a.score})" for q, a in misses)


def test_the_eval_set_is_big_enough_and_half_chinese() -> None:
    questions = load(EVAL)
    assert len(questions) >= 60
    chinese = [q for q in questions if q.lang == "zh"]
    assert 0.4 <= len(chinese) / len(questions) <= 0.6
    assert {q.script for q in chinese} == {"hans", "hant"}
    assert sum(q.expect is None for q in questions) >= 10


@pytest.mark.parametrize(
    ("path", "english", "chinese"), [(EVAL, 0.90, 0.85), (HOLDOUT, 0.85, 0.85)]
)
def test_answers_stay_above_the_floor(
    answerer: Answerer, path: Path, english: float, chinese: float
) -> None:
    report = score(answerer.answer, load(path))
    misses = describe(report.misses)
    assert report.accuracy("en") >= english, misses
    assert report.accuracy("zh") >= chinese, misses
    assert report.decline_rate == 1.0, misses
