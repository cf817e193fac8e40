"""Tasks checked against a real demo on the real engine, through the whole tutor."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.core.demo.replies import DemoShown
from bot.core.grammar import Command, parse
from bot.core.shell.replies import ShellShown
from bot.core.tasks.replies import TaskChecked
from bot.core.tutor import Tutor
from bot.wiring import build

pytestmark = pytest.mark.usefixtures("images", "leftovers")


@pytest.fixture
def tutor(tmp_path: Path, engine: Any) -> Iterator[Tutor]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'tutor.db'}")
    parts = build(settings)
    yield parts.tutor
    parts.tutor.handle("alice", Command("clean"))


def checked(tutor: Tutor, text: str) -> TaskChecked:
    reply = tutor.handle("alice", parse(text))
    assert isinstance(reply, TaskChecked), reply
    return reply


def test_the_host_pid_of_pid_1_is_read_live(tutor: Tutor) -> None:
    tutor.handle("alice", parse("run"))
    tutor.handle("alice", parse("task task-host-pid-of-nginx"))
    status = tutor.handle("alice", parse("sh grep NSpid /proc/1/status"))
    assert isinstance(status, ShellShown)
    assert status.view.run.output.split() == ["NSpid:", "1"]  # inside, it knows only its own
    expected = checked(tutor, "check 1").expected
    assert Path(f"/proc/{expected}/cmdline").read_bytes().startswith(b"nginx: master")
    assert checked(tutor, f"check {expected}").correct


def test_an_exec_process_hangs_under_the_shim(tutor: Tutor) -> None:
    tutor.handle("alice", parse("run"))
    tutor.handle("alice", parse("task task-exec-parent"))
    tutor.handle("alice", parse("exec"))
    verdict = checked(tutor, "check containerd-shim")
    assert verdict.correct and verdict.expected.startswith("containerd-shim")


def test_kill_1_from_inside_completes_the_exit_task(tutor: Tutor) -> None:
    tutor.handle("alice", parse("run"))
    tutor.handle("alice", parse("task task-exit-from-inside"))
    assert not checked(tutor, "check").correct
    tutor.handle("alice", parse("sh kill 1"))
    assert checked(tutor, "check").correct


def test_the_container_reports_the_hosts_kernel(tutor: Tutor) -> None:
    tutor.handle("alice", parse("run"))
    tutor.handle("alice", parse("task task-container-kernel"))
    assert checked(tutor, f"check {os.uname().release}").correct


def test_the_run_it_shell_pid_is_the_live_nspid_of_the_main_process(tutor: Tutor) -> None:
    tutor.handle("alice", parse("run busybox"))
    tutor.handle("alice", parse("task task-run-it-shell-pid"))
    wrong = checked(tutor, "check 2")
    assert not wrong.correct
    shown = tutor.handle("alice", parse("pids"))
    assert isinstance(shown, DemoShown)
    status = Path(f"/proc/{shown.views.container.main_pid}/status").read_text()
    nspid = next(line.split()[-1] for line in status.splitlines() if line.startswith("NSpid"))
    assert wrong.expected == nspid
    assert checked(tutor, f"check {nspid}").correct
