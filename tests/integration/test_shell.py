"""`sh COMMAND` on the real engine: the learner's own command, inside their own container."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.demo.service import DemoError, DemoService
from bot.core.shell.limits import Refused, ShellLimits
from bot.core.shell.service import ShellService, hashed
from bot.sandbox.runner import DockerSandbox
from bot.sandbox.shell import DockerShell
from tests.integration.shell_support import processes, services

pytestmark = pytest.mark.usefixtures("images", "leftovers")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def running(engine: Any) -> Iterator[tuple[DemoService, ShellService]]:
    demos, shell = services(engine)
    demos.run("alice")
    yield demos, shell
    demos.clean("alice")


def test_ps_aux_with_a_pipe_shows_nginx_and_the_shims_child_on_the_host(
    running: tuple[DemoService, ShellService],
) -> None:
    _, shell = running
    view = shell.run("alice", "ps aux | grep -c 'nginx: worker'")
    assert view.run.exit_code == 0
    assert int(view.run.output.strip()) >= 1
    assert view.run.host_pid > 1
    assert view.run.parent_name.startswith("containerd-shim")
    listing = shell.run("alice", "ps aux").run.output
    assert "nginx: master process" in listing
    assert "ps aux" in listing


def test_the_exit_code_and_stderr_come_back(running: tuple[DemoService, ShellService]) -> None:
    _, shell = running
    view = shell.run("alice", "echo to-stderr >&2; exit 3")
    assert view.run.exit_code == 3
    assert "to-stderr" in view.run.output


def test_it_runs_as_the_containers_root_with_only_the_recipes_capabilities(
    running: tuple[DemoService, ShellService],
) -> None:
    _, shell = running
    output = shell.run("alice", "id -u; grep -E 'CapEff|NoNewPrivs' /proc/self/status").run.output
    lines = output.split()
    assert lines[0] == "0"
    effective = int(output.split("CapEff:")[1].split()[0], 16)
    chown, setgid, setuid, bind = 0, 6, 7, 10
    assert effective == sum(1 << bit for bit in (chown, setgid, setuid, bind))
    assert "NoNewPrivs:\t1" in output


def test_sleep_past_the_timeout_is_killed_with_its_children(
    engine: Any, running: tuple[DemoService, ShellService]
) -> None:
    demos, _ = running
    short = ShellService(
        demos=demos,
        shell=DockerShell(DockerSandbox(engine)),
        limits=ShellLimits(timeout_seconds=1.5),
    )
    started = time.monotonic()
    view = short.run("alice", "sleep 1000 & sleep 1000")
    assert 1.5 <= time.monotonic() - started < 4
    assert view.run.timed_out and view.run.exit_code is None
    assert not any("sleep" in line for line in processes(engine, demos.current("alice").id))


def test_output_past_the_cap_is_cut_and_marked(running: tuple[DemoService, ShellService]) -> None:
    _, shell = running
    started = time.monotonic()
    view = shell.run("alice", "yes")
    assert time.monotonic() - started < 5
    assert view.run.cut
    assert len(view.run.output.encode()) == 64 * 1024


def test_background_jobs_do_not_outlive_the_command(
    engine: Any, running: tuple[DemoService, ShellService]
) -> None:
    demos, shell = running
    view = shell.run("alice", "sleep 300 >/dev/null 2>&1 & setsid sleep 301 >/dev/null 2>&1 &")
    assert view.run.exit_code == 0
    assert view.run.leftovers == 2
    left = processes(engine, demos.current("alice").id)
    assert not any("sleep" in line for line in left)
    assert sum("nginx: worker" in line for line in left) >= 1


def test_kill_1_from_inside_makes_the_container_exit(
    running: tuple[DemoService, ShellService],
) -> None:
    demos, shell = running
    shell.run("alice", "kill 1")
    deadline = time.monotonic() + 5
    while demos.current("alice").state == "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert demos.current("alice").state == "exited"
    with pytest.raises(DemoError):
        shell.run("alice", "ps")


def test_limits_on_input_and_rate_each_refuse_with_their_own_key(engine: Any) -> None:
    demos, shell = services(engine, ShellLimits(per_minute=3))
    demos.run("bob", "busybox")
    with pytest.raises(Refused) as long:
        shell.run("bob", "x" * 501)
    assert long.value.key == "sh_too_long"
    for _ in range(3):
        shell.run("bob", "true")
    with pytest.raises(Refused) as rate:
        shell.run("bob", "true")
    assert rate.value.key == "sh_rate"
    demos.clean("bob")


def test_the_operator_log_has_the_command_and_exit_code_but_not_the_learner(
    running: tuple[DemoService, ShellService], caplog: pytest.LogCaptureFixture
) -> None:
    _, shell = running
    with caplog.at_level(logging.INFO, logger="bot.core.shell.service"):
        shell.run("alice", "exit 7")
    logged = caplog.text
    assert "exit=7" in logged and "'exit 7'" in logged
    assert hashed("alice") in logged and "alice" not in logged


def test_the_console_runs_sh_in_its_own_demo(engine: Any, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="run\nsh ps aux | grep -v grep | grep 'nginx: worker' | wc -l\nquit\n",
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "120", "DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}"},
    )
    assert result.returncode == 0, result.stderr
    assert "$ ps aux | grep -v grep | grep 'nginx: worker' | wc -l" in result.stdout
    assert "Exit code 0." in result.stdout
    assert "containerd-shim" in result.stdout


def test_a_tutor_that_may_not_signal_host_processes_still_ends_them_from_inside(
    engine: Any, running: tuple[DemoService, ShellService], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bot's image runs as a plain user: os.kill on the demo's root processes fails."""
    demos, shell = running

    def refused(_pid: int, _signal: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr("bot.sandbox.shell.os.kill", refused)
    view = shell.run("alice", "sleep 300 >/dev/null 2>&1 &")
    assert view.run.leftovers == 1
    deadline = time.monotonic() + 5
    while any("sleep" in line for line in processes(engine, demos.current("alice").id)):
        assert time.monotonic() < deadline, "the background sleep outlived its command"
        time.sleep(0.1)
