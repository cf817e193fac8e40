"""`shell` and `run -it` in the terminal tutor, driven through a real pseudo-terminal against
the real engine: keys in, the container's terminal out, resize and Ctrl-C included."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import OURS

pytestmark = pytest.mark.usefixtures("images", "leftovers")
ROOT = Path(__file__).resolve().parents[2]
LEARNERS = {"label": [*OURS["label"], "container-tutor.owner=console"]}
"""Containers the terminal tutor's one learner holds."""
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


class Terminal:
    """The tutor running on the child side of a pty; we are the keyboard and the screen."""

    def __init__(self, tmp: Path) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp / 'tutor.db'}",
            "TERM": "xterm",
            "COLUMNS": "100",
        }
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the tutor, with this pty as its controlling terminal
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "bot", "console"], env)
        self.size(30, 100)
        self.seen = b""

    def size(self, rows: int, columns: int) -> None:
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def expect(self, pattern: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        wanted = re.compile(pattern.encode())
        while time.monotonic() < deadline:
            clean = ANSI.sub(b"", self.seen)
            found = wanted.search(clean)
            if found:
                self.seen = clean[found.end() :]
                return clean[: found.end()].decode(errors="replace")
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    self.seen += os.read(self.fd, 65536)
                except OSError as error:
                    ended = os.waitpid(self.pid, os.WNOHANG)
                    raise AssertionError(
                        f"the tutor ended {ended}: {self.seen[-2000:]!r}"
                    ) from error
        tail = ANSI.sub(b"", self.seen)[-2000:].decode(errors="replace")
        raise AssertionError(f"did not see {pattern!r} within {timeout} s; screen ends:\n{tail}")

    def close(self) -> int:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            select.select([self.fd], [], [], 0.2)
            try:
                os.read(self.fd, 65536)
            except OSError:
                pass
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        raise AssertionError("the tutor did not exit")


def test_shell_is_exec_it_into_the_demo_with_resize_and_ctrl_c(tmp_path: Path, engine: Any) -> None:
    term = Terminal(tmp_path)
    term.expect("tutor> ", timeout=60)  # the first start imports everything
    term.type("run --all\r")  # the whole reply, not the guided walk's first step
    term.expect("next:", timeout=90)
    term.expect("tutor> ")
    term.type("shell\r")
    term.expect("A shell inside container-tutor-nginx")
    term.expect("# ")
    term.type("ps aux\r")
    term.expect("nginx: master process")
    term.expect("/bin/sh")
    term.size(33, 101)
    time.sleep(0.3)
    term.type("stty size\r")
    term.expect("33 101")
    term.type("sleep 100\r")
    time.sleep(0.5)
    started = time.monotonic()
    term.type("\x03")
    term.type("echo after-$((40+2))\r")
    term.expect("after-42", timeout=10)
    assert time.monotonic() - started < 10
    term.type("exit\r")
    term.expect("is still running")
    term.expect("tutor> ")
    term.type("quit\r")
    assert term.close() == 0
    assert not engine.containers.list(all=True, filters=OURS)


def test_run_it_gives_a_busybox_whose_pid_1_is_the_shell_and_exit_ends_it(
    tmp_path: Path, engine: Any
) -> None:
    term = Terminal(tmp_path)
    term.expect("tutor> ", timeout=60)  # the first start imports everything
    term.type("run -it\r")
    term.expect("whose PID 1 is your shell")
    term.expect("# ")  # keys typed before the terminal is attached would be flushed
    term.type("echo pid=$$ && cat /proc/1/cmdline\r")
    term.expect("pid=1")
    live = engine.containers.list(filters=LEARNERS)  # the warm pool's spares are not theirs
    assert [c.image.tags for c in live] == [["container-tutor/busybox:1"]]
    assert live[0].attrs["Config"]["Tty"] is True
    assert live[0].attrs["HostConfig"]["ReadonlyRootfs"] is True
    term.type("exit\r")
    term.expect(r"has exited \(exit code 0\)")
    term.expect("tutor> ")
    assert not engine.containers.list(all=True, filters=LEARNERS)
    term.type("quit\r")
    assert term.close() == 0
    assert not engine.containers.list(all=True, filters=OURS)
