"""The tutor answers every line with a reply, and never raises for what a learner types."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.demo.replies import DemoShown, ExecShown, StopShown
from bot.core.demo.service import DemoService
from bot.core.grammar import parse
from bot.core.replies import Help, LessonList, Notice
from bot.core.tutor import Tutor
from bot.wiring import course_from
from testkit.fakes import FakeHost, FakeSandbox, fake_tutor


@pytest.fixture
def tutor() -> Tutor:
    return fake_tutor()


def test_the_course_walkthrough(tutor: Tutor) -> None:
    shown = tutor.handle("u", parse("run --all"))
    assert isinstance(shown, DemoShown)
    assert shown.show == ("top", "ps", "tree", "pids")
    pids = tutor.handle("u", parse("pids"))
    assert isinstance(pids, DemoShown) and pids.show == ("pids",)
    assert isinstance(tutor.handle("u", parse("exec")), ExecShown)
    assert isinstance(tutor.handle("u", parse("stop")), StopShown)
    exited = tutor.handle("u", parse("top"))
    assert isinstance(exited, Notice) and exited.key == "demo_exited"
    cleaned = tutor.handle("u", parse("clean"))
    assert isinstance(cleaned, Notice) and cleaned.key == "cleaned"
    assert tutor.handle("u", parse("clean")) == Notice("nothing_to_clean")


def test_an_unknown_command_gets_help_with_the_closest_match(tutor: Tutor) -> None:
    reply = tutor.handle("u", parse("tpo"))
    assert isinstance(reply, Help)
    assert reply.unknown is not None
    assert "Did you mean `top`?" in reply.unknown.text


def test_views_without_a_demo_say_how_to_start(tutor: Tutor) -> None:
    reply = tutor.handle("u", parse("tree"))
    assert isinstance(reply, Notice)
    assert "`run`" in reply.text


def test_features_not_built_yet_say_so(tutor: Tutor) -> None:
    reply = tutor.handle("u", parse("progress"))
    assert isinstance(reply, Notice) and reply.key == "not_built"


def test_engine_errors_become_a_friendly_notice() -> None:
    course = course_from(Settings())
    demos = DemoService(
        course=course,
        sandbox=FakeSandbox(fail_start="The engine is down."),
        host=FakeHost(),
        capacity=Capacity(2),
        ttl_seconds=60,
        queue_wait=0,
    )
    reply = Tutor(course=course, demos=demos).handle("u", parse("run"))
    assert isinstance(reply, Notice) and reply.error
    assert reply.text == "The engine is down."


def test_lessons_and_chinese(tutor: Tutor) -> None:
    assert isinstance(tutor.handle("u", parse("lessons")), LessonList)
    reply = tutor.handle("u", parse("ps"), lang="zh")
    assert isinstance(reply, Notice) and "run" in reply.text and "示範" in reply.text


def test_observers_hear_each_commands_verb_and_outcome(tutor: Tutor) -> None:
    heard: list[tuple[str, str]] = []
    tutor.observers.append(lambda verb, outcome: heard.append((verb, outcome)))
    tutor.handle("u", parse("lessons"))
    tutor.handle("u", parse("tpo"))
    tutor.handle("u", parse("run nosuchdemo"))
    tutor.handle("u", parse("x" * 5000))
    assert heard == [
        ("lessons", "ok"),
        ("unknown", "unknown"),
        ("run", "refused"),
        ("toolong", "refused"),
    ]
