"""`sh` in the terminal tutor: the transcript as typed, the exit code, the host line."""

from __future__ import annotations

from bot.core.shell.models import ShellRun
from testkit.shell_fakes import FakeShell, shell_tutor
from tests.unit.console.test_console import screen as console_screen


def screen(shell: FakeShell, *lines: str) -> str:
    return console_screen(shell_tutor(shell)[0], *lines)


def test_sh_shows_the_command_its_output_exit_code_and_host_pid() -> None:
    out = screen(FakeShell(), "run", "sh ps aux | grep nginx")
    assert "$ ps aux | grep nginx" in out
    assert "1 root nginx: master process" in out
    assert "Exit code 0." in out
    assert "PID 4242, a child of containerd-shim-runc-v2 (PID 900)" in out


def test_output_that_looks_like_markup_is_printed_as_it_is() -> None:
    run = ShellRun(output="[bold red]not markup[/] [link=x]y[/link]", exit_code=1)
    out = screen(FakeShell(run), "run", "sh cat file")
    assert "[bold red]not markup[/] [link=x]y[/link]" in out
    assert "Exit code 1." in out
