"""Tasks in the terminal: offered under a live demo, then the task, then the verdict."""

from __future__ import annotations

from testkit.shell_fakes import hands_on_tutor
from tests.unit.console.test_console import screen


def test_the_demo_offers_a_task_and_the_verdict_shows_the_live_answer() -> None:
    tutor, _, _, _ = hands_on_tutor()
    out = screen(tutor, "run --all", "task task-host-pid-of-nginx", "check 1", "check 1000")
    assert "Try it yourself: task gives you something to do" in out
    assert "Try it yourself · task 1 of 4" in out
    assert "Not quite: you said 1; your demo says 1000." in out
    assert "Right: 1000." in out


def test_the_last_step_of_the_walk_offers_a_task_too() -> None:
    tutor, _, _, _ = hands_on_tutor()
    steps = len(tutor.course.demo("nginx").walk)  # type: ignore[union-attr]
    out = screen(tutor, "run", *(f"walk {n}" for n in range(2, steps + 1)))
    assert out.count("Try it yourself: task gives you something to do") == 1
