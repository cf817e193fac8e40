"""`run` starts a guided walk; `walk N` shows step N of the live demo; `run --all` shows all."""

from __future__ import annotations

import pytest

from bot.console.quiz_input import QuizInput
from bot.core.demo.models import StopView
from bot.core.demo.replies import DemoShown, StopShown, WalkShown, short_kernel
from bot.core.grammar import Command, parse, run_argument
from bot.core.replies import Notice
from bot.core.tutor import Tutor
from testkit.fakes import fake_tutor, nginx_views


@pytest.fixture
def tutor() -> Tutor:
    return fake_tutor()


def test_run_shows_the_first_step_with_the_insight_in_live_numbers(tutor: Tutor) -> None:
    first = tutor.handle("u", parse("run"))
    assert isinstance(first, WalkShown)
    assert (first.number, first.total, first.step.view) == (1, 4, "top")
    assert (
        first.insight
        == "*nginx* is PID 1 inside and PID *1000* on the host, on the same kernel 6.1."
    )


def test_walk_n_shows_that_step_of_the_live_demo(tutor: Tutor) -> None:
    tutor.handle("u", parse("run"))
    views = [tutor.handle("u", Command("walk", str(n))) for n in (2, 3, 4)]
    assert [(r.number, r.step.view) for r in views if isinstance(r, WalkShown)] == [
        (2, "ps"),
        (3, "tree"),
        (4, "pids"),
    ]
    last = views[-1]
    assert isinstance(last, WalkShown) and last.last and last.next_step is None


@pytest.mark.parametrize("typed", ["run --all", "run nginx --all", "walk all"])
def test_everything_at_once_is_still_there(tutor: Tutor, typed: str) -> None:
    tutor.handle("u", parse("run"))
    shown = tutor.handle("u", parse(typed))
    assert isinstance(shown, DemoShown)
    assert shown.show == ("top", "ps", "tree", "pids")


@pytest.mark.parametrize("argument", ["0", "5", "two", "-1"])
def test_a_step_that_does_not_exist_is_a_clear_notice(tutor: Tutor, argument: str) -> None:
    tutor.handle("u", parse("run"))
    reply = tutor.handle("u", Command("walk", argument), lang="zh")
    assert isinstance(reply, Notice) and reply.key == "walk_no_step"
    assert "1 到第 4 步" in reply.text


def test_walk_without_a_demo_says_how_to_start_one(tutor: Tutor) -> None:
    reply = tutor.handle("u", Command("walk", "2"))
    assert isinstance(reply, Notice) and reply.key == "no_demo"


def test_run_arguments() -> None:
    assert run_argument("") == (None, False)
    assert run_argument("busybox") == ("busybox", False)
    assert run_argument("--all") == (None, True)
    assert run_argument("busybox --all") == ("busybox", True)


def test_the_kernel_is_compared_at_a_glance() -> None:
    assert short_kernel("6.18.44-cloud-amd64") == "6.18"
    assert short_kernel("weird") == "weird"


def test_a_second_signal_is_said_in_the_learners_language(tutor: Tutor) -> None:
    views = nginx_views()
    demo = tutor.course.demo("busybox")
    assert demo is not None
    after = views.container.model_copy(update={"state": "exited", "exit_code": 137})
    stop = StopView(before=views.container, after=after, signal="SIGTERM, then SIGKILL", seconds=10)
    zh = StopShown(demo, stop, "zh").summary
    assert "*SIGTERM，接著 SIGKILL*" in zh
    assert "運行中 → *已退出*" in zh
    assert "then" not in zh and "running" not in zh


def test_in_the_terminal_enter_goes_to_the_next_step(tutor: Tutor) -> None:
    keys = QuizInput()
    keys.saw(tutor.handle("console", parse("run")))
    assert keys.line("") == Command("walk", "2")
    keys.saw(tutor.handle("console", Command("walk", "4")))
    assert keys.line("") == Command("help")
