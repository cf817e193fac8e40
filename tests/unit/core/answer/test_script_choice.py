"""A question in neither Chinese script is answered in the learner's own script."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.core.answer.replies import Answer, Script
from bot.core.capacity import Capacity
from bot.core.demo.service import DemoService
from bot.core.grammar import Command
from bot.core.tutor import Tutor
from bot.wiring import answerer_from, course_from
from testkit.fakes import FakeHost, FakeSandbox

NEITHER = "pid namespace 是啥"


@pytest.fixture
def tutor() -> Tutor:
    settings = Settings()
    course = course_from(settings)
    demos = DemoService(
        course=course,
        sandbox=FakeSandbox(),
        host=FakeHost(),
        capacity=Capacity(1),
        ttl_seconds=60,
        queue_wait=0,
    )
    return Tutor(course=course, demos=demos, answers=answerer_from(settings, course))


def ask(tutor: Tutor, learner: str, question: str, script: Script | None = None) -> Answer:
    reply = tutor.handle(learner, Command("ask", question), lang="zh", script=script)
    assert isinstance(reply, Answer)
    return reply


def test_without_a_clue_it_is_the_course_s_traditional(tutor: Tutor) -> None:
    assert tutor.answers is not None and tutor.answers.written_in(NEITHER) is None
    assert ask(tutor, "u1", NEITHER).script == "zh-Hant"


def test_the_slack_locale_decides_before_the_learner_has_shown_a_script(tutor: Tutor) -> None:
    assert ask(tutor, "u2", NEITHER, script="zh-Hans").script == "zh-Hans"


def test_the_learner_s_last_chinese_question_wins_over_the_locale(tutor: Tutor) -> None:
    assert ask(tutor, "u3", "容器里能看到宿主机的进程吗").script == "zh-Hans"
    assert ask(tutor, "u3", NEITHER, script="zh-Hant").script == "zh-Hans"
    assert ask(tutor, "u3", "容器裡看得到主機的行程嗎").script == "zh-Hant"
    assert ask(tutor, "u3", NEITHER).script == "zh-Hant"
    assert ask(tutor, "u4", NEITHER).script == "zh-Hant"  # another learner: no memory
