"""What a learner can type through `sh` on the real engine: each attempt ends within its
limit, another learner's commands stay quick meanwhile, and nothing is left behind."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from bot.core.demo.service import DemoService
from bot.core.shell.limits import ShellLimits
from bot.core.shell.models import ShellView
from bot.core.shell.service import ShellService
from tests.conftest import OURS
from tests.integration.shell_support import (
    ESCAPES,
    REFUSED,
    no_strays_on_the_host,
    processes,
    services,
)

pytestmark = pytest.mark.usefixtures("images", "leftovers")
LIMIT = 10.0
SWEEP = 3.0
"""Time allowed after the limit to freeze the container and end what the command left."""


@pytest.fixture
def two(engine: Any) -> Iterator[tuple[DemoService, ShellService]]:
    demos, shell = services(engine, ShellLimits(per_minute=1000))  # bob probes twice a second
    demos.run("alice")
    demos.run("bob", "busybox")
    yield demos, shell
    demos.clean("alice")
    demos.clean("bob")


def while_running(
    shell: ShellService, owner: str, text: str
) -> tuple[ShellView, float, list[float]]:
    """Run `owner`'s command; meanwhile time bob's `echo ok` every half second."""
    result: list[ShellView] = []
    started = time.monotonic()
    worker = threading.Thread(target=lambda: result.append(shell.run(owner, text)))
    worker.start()
    others: list[float] = []
    while worker.is_alive():
        asked = time.monotonic()
        assert shell.run("bob", "echo ok").run.output == "ok\n"
        others.append(time.monotonic() - asked)
        worker.join(0.5)
    return result[0], time.monotonic() - started, others


def no_strays(engine: Any, demos: DemoService, words: tuple[str, ...]) -> None:
    """Only the demos' own processes remain, in the containers and on the host."""
    for owner in ("alice", "bob"):
        ref = demos.current(owner)
        if ref.state == "running":
            left = processes(engine, ref.id)
            assert not [line for line in left if any(word in line for word in words)], left
    assert len(engine.containers.list(all=True, filters=OURS)) == 2
    no_strays_on_the_host(words)


def test_a_fork_bomb_is_held_by_the_pids_limit_and_ended(
    engine: Any, two: tuple[DemoService, ShellService]
) -> None:
    demos, shell = two
    view, seconds, others = while_running(shell, "alice", "b() { b | b & }; b")
    assert seconds < LIMIT + SWEEP
    assert max(others) < 2.0
    assert demos.current("alice").state == "running"
    no_strays(engine, demos, ("/bin/sh -c b()",))
    assert sum("nginx: worker" in line for line in processes(engine, demos.current("alice").id))
    del view


def test_a_yes_flood_is_cut_at_64_kb_at_once(
    engine: Any, two: tuple[DemoService, ShellService]
) -> None:
    demos, shell = two
    view, seconds, _ = while_running(shell, "alice", "yes flood")
    assert view.run.cut and seconds < 3
    assert len(view.run.output.encode()) == 64 * 1024
    no_strays(engine, demos, ("yes flood",))


def test_sleep_1000_ends_at_the_timeout(engine: Any, two: tuple[DemoService, ShellService]) -> None:
    demos, shell = two
    view, seconds, others = while_running(shell, "alice", "sleep 1000")
    assert view.run.timed_out and LIMIT <= seconds < LIMIT + SWEEP
    assert max(others) < 2.0
    no_strays(engine, demos, ("sleep 1000",))


@pytest.mark.parametrize(
    "game",
    [
        "kill -STOP $$",  # the shell stops itself: SIGKILL still ends a stopped process
        "sleep 1000 & kill -STOP $!; sleep 1000",  # a stopped child and a sleeping parent
        "trap '' TERM INT HUP; sleep 1000",  # ignore every signal that can be ignored
        "setsid sh -c 'kill -STOP $$' & sleep 1000",  # a stopped process in its own session
    ],
)
def test_kill_stop_games_still_end_at_the_timeout(
    engine: Any, two: tuple[DemoService, ShellService], game: str
) -> None:
    demos, shell = two
    view, seconds, _ = while_running(shell, "alice", game)
    assert view.run.timed_out and seconds < LIMIT + SWEEP
    no_strays(engine, demos, ("sleep 1000", "kill -STOP"))


def test_there_is_no_network(two: tuple[DemoService, ShellService]) -> None:
    _, shell = two
    interfaces = shell.run("alice", "ls /sys/class/net").run.output.split()
    assert interfaces == ["lo"]
    connect = (
        "perl -MIO::Socket::INET -e 'IO::Socket::INET->new("
        'PeerAddr => "93.184.216.34:80", Timeout => 2) or die "$!\\n"\''
    )
    fetched = shell.run("alice", connect).run
    assert fetched.exit_code != 0
    assert "Network is unreachable" in fetched.output


def test_writes_outside_the_tmpfs_mounts_fail_and_tmp_cannot_run_programs(
    two: tuple[DemoService, ShellService],
) -> None:
    _, shell = two
    root = shell.run("alice", "echo x > /etc/owned; touch /usr/bin/owned").run
    assert root.exit_code != 0 and root.output.count("Read-only file system") == 2
    noexec = shell.run("alice", "cp /bin/true /tmp/t && /tmp/t").run
    assert noexec.exit_code == 126 and "Permission denied" in noexec.output


@pytest.mark.parametrize(
    "attempt",
    ESCAPES,
)
def test_mount_chroot_and_unshare_are_refused(
    two: tuple[DemoService, ShellService], attempt: str
) -> None:
    _, shell = two
    run = shell.run("alice", attempt).run
    assert run.exit_code not in (0, None), run.output
    assert any(words in run.output for words in REFUSED), run.output


def test_one_learner_cannot_see_or_read_anothers_container(
    engine: Any, two: tuple[DemoService, ShellService]
) -> None:
    demos, shell = two
    shell.run("bob", "echo bob-secret > /tmp/bob-note")
    seen = shell.run("alice", "cat /tmp/bob-note; ps -eo args; hostname").run.output
    assert "bob-secret" not in seen
    assert "No such file" in seen
    assert "sleep 3600" not in seen  # bob's busybox main process
    assert "nginx" in seen.splitlines()  # its own hostname (stderr may come after it)
    bobs = demos.current("bob")
    probe = shell.run("alice", f"cat /proc/{bobs.main_pid}/root/tmp/bob-note").run
    assert probe.exit_code != 0 and "bob-secret" not in probe.output
