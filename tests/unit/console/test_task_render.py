"""Tasks in the terminal: offered under a live demo, then the task, then the verdict."""

from __future__ import annotations

import io

from rich.console import Console

from bot.console.repl import run_console
from testkit.shell_fakes import hands_on_tutor


def test_the_demo_offers_a_task_and_the_verdict_shows_the_live_answer() -> None:
    tutor, _, _, _ = hands_on_tutor()
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, force_terminal=False, color_system=None)
    lines = iter(["run", "task task-host-pid-of-nginx", "check 1", "check 1000"])

    def read(_prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    run_console(tutor, console=console, read=read)
    out = buffer.getvalue()
    assert "Try it yourself: task gives you something to do" in out
    assert "Try it yourself · task 1 of 4" in out
    assert "Not quite: you said 1; your demo says 1000." in out
    assert "Right: 1000." in out
