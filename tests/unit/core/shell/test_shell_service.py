"""`sh` in the core: the learner's own container only, and each limit with its own message."""

from __future__ import annotations

import threading

import pytest

from bot.core.grammar import parse
from bot.core.replies import Notice
from bot.core.shell.limits import Gate, Refused, ShellLimits
from bot.core.shell.models import ShellRun
from bot.core.shell.replies import ShellShown
from testkit.shell_fakes import FakeShell, shell_tutor


def test_sh_runs_in_the_learners_own_container_and_says_where_it_sat() -> None:
    shell = FakeShell()
    tutor, sandbox = shell_tutor(shell)
    tutor.handle("alice", parse("run"))
    tutor.handle("bob", parse("run"))
    reply = tutor.handle("alice", parse("sh ps aux | grep nginx"))
    assert isinstance(reply, ShellShown)
    alices = next(c.id for c in sandbox.containers.values() if c.owner == "alice")
    assert shell.asked == [(alices, "ps aux | grep nginx")]
    assert reply.status == "Exit code 0."
    assert "PID 4242" in reply.where and "containerd-shim-runc-v2 (PID 900)" in reply.where


def test_without_a_demo_sh_says_how_to_start_one() -> None:
    shell = FakeShell()
    tutor, _ = shell_tutor(shell)
    reply = tutor.handle("alice", parse("sh ps"))
    assert isinstance(reply, Notice) and reply.key == "no_demo"
    assert shell.asked == []


def test_an_empty_or_too_long_command_is_refused_before_the_engine_is_asked() -> None:
    shell = FakeShell()
    tutor, _ = shell_tutor(shell)
    tutor.handle("alice", parse("run"))
    empty = tutor.handle("alice", parse("sh"))
    assert isinstance(empty, Notice) and empty.key == "sh_usage"
    long = tutor.handle("alice", parse("sh " + "x" * 501))
    assert isinstance(long, Notice) and long.key == "sh_too_long" and "501" in long.text
    assert shell.asked == []


def test_one_command_at_a_time_per_learner_but_others_are_not_held_up() -> None:
    shell = FakeShell()
    tutor, _ = shell_tutor(shell)
    tutor.handle("alice", parse("run"))
    tutor.handle("bob", parse("run"))
    shell.hold.clear()
    first = threading.Thread(target=tutor.handle, args=("alice", parse("sh sleep 5")))
    first.start()
    assert shell.entered.wait(2)
    second = tutor.handle("alice", parse("sh ps"))
    assert isinstance(second, Notice) and second.key == "sh_busy"
    shell.hold.set()  # bob's command would wait on the same fake; release it first
    assert isinstance(tutor.handle("bob", parse("sh ps")), ShellShown)
    first.join(5)


def test_twenty_commands_a_minute_then_a_wait() -> None:
    now = [0.0]
    gate = Gate(per_minute=20, clock=lambda: now[0])
    for _ in range(20):
        with gate.enter("alice"):
            now[0] += 1
    with pytest.raises(Refused) as refused, gate.enter("alice"):
        raise AssertionError("the 21st command within a minute ran")
    assert refused.value.key == "sh_rate" and refused.value.params["wait"] == 41
    with gate.enter("bob"):
        pass
    now[0] = 60.5
    with gate.enter("alice"):
        pass


def test_a_timeout_a_cut_and_leftovers_each_say_so() -> None:
    shell = FakeShell(ShellRun(output="y\n" * 10, exit_code=None, timed_out=True, host_pid=7))
    tutor, _ = shell_tutor(shell, limits=ShellLimits(timeout_seconds=10))
    tutor.handle("alice", parse("run"))
    reply = tutor.handle("alice", parse("sh sleep 1000"), lang="zh")
    assert isinstance(reply, ShellShown)
    assert "10 秒" in reply.status
    shell.answer = ShellRun(output="y", exit_code=None, cut=True, leftovers=0)
    cut = tutor.handle("alice", parse("sh yes"))
    assert isinstance(cut, ShellShown) and "64 KB" in cut.notes[0]
    assert cut.status == "The command was killed before it exited."
    shell.answer = ShellRun(output="", exit_code=0, leftovers=2)
    left = tutor.handle("alice", parse("sh sleep 9 &"))
    assert isinstance(left, ShellShown) and "2 process(es)" in left.notes[0]


def test_terminals_are_for_the_terminal_tutor_and_slack_says_so() -> None:
    tutor, _ = shell_tutor(FakeShell())
    for text in ("shell", "run -it", "run -ti busybox"):
        reply = tutor.handle("alice", parse(text))
        assert isinstance(reply, Notice) and reply.key == "tty_console_only", text
    assert "sh COMMAND" in reply.text
