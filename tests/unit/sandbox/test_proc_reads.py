"""One view set reads each process's /proc files once, and says what `ps aux` says."""

from __future__ import annotations

import os
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.sandbox.host import ProcHost


@pytest.fixture
def sleeper() -> Iterator[int]:
    child = subprocess.Popen(["sleep", "30"])  # a child of this process: a lineage to walk
    time.sleep(0.1)
    yield child.pid
    child.kill()
    child.wait()


def test_a_view_set_reads_stat_status_and_cmdline_once_per_process(
    sleeper: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: Counter[str] = Counter()
    real = Path.read_bytes

    def counted(path: Path) -> bytes:
        if path.parts[:2] == ("/", "proc"):
            opened[str(path)] += 1
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", counted)
    pids = [sleeper, os.getpid()]
    snapshot = ProcHost().snapshot(pids)
    for pid in pids:  # in ps, in the tree (the sleeper's parent is this process) and the map
        for name in ("stat", "status", "cmdline"):
            assert opened[f"/proc/{pid}/{name}"] == 1, opened
    assert max(opened.values()) == 1
    assert [row.pid for row in snapshot.ps] == pids
    assert [entry.host_pid for entry in snapshot.pid_map] == pids


def test_the_rows_say_what_the_kernel_says(sleeper: int) -> None:
    row = ProcHost().snapshot([sleeper]).ps[0]
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{sleeper}/status").read_text().splitlines()
    )
    assert row.ppid == os.getpid() and row.command == "sleep 30"
    assert row.uid == os.getuid() and row.stat[0] in "RS"
    assert row.rss_kib == int(status["VmRSS"].split()[0])
    assert row.vsz_kib == int(status["VmSize"].split()[0])


def test_a_process_that_is_gone_is_left_out() -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()
    snapshot = ProcHost().snapshot([gone.pid])
    assert snapshot.ps == () and snapshot.pid_map == ()
