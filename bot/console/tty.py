"""`shell` and `run -it` in the terminal tutor: the learner's keyboard wired to a real
pseudo-terminal in the container, until the shell inside ends.

The local terminal goes to raw mode, so every key (Ctrl-C included) goes to the container's
terminal, whose line discipline turns it into a signal there; the window size follows the
local one (SIGWINCH). The local terminal is restored however the session ends.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import termios
import tty as ttymode
from collections.abc import Iterator
from types import FrameType

from bot.core.shell.terminal import Tty


def attach(session: Tty, *, stdin: int = 0, stdout: int = 1) -> None:
    """Pump bytes both ways until the session ends."""
    with _raw(stdin), _following_size(session, stdout):
        while True:
            ready, _, _ = select.select([stdin, session.fileno()], [], [])
            if session.fileno() in ready:
                data = session.receive()
                if not data:
                    return
                os.write(stdout, data)
            if stdin in ready:
                typed = os.read(stdin, 4096)
                if not typed:
                    return
                session.send(typed)


@contextlib.contextmanager
def _raw(fd: int) -> Iterator[None]:
    if not os.isatty(fd):
        yield
        return
    saved = termios.tcgetattr(fd)
    try:
        ttymode.setraw(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@contextlib.contextmanager
def _following_size(session: Tty, fd: int) -> Iterator[None]:
    def resize(_signum: int = 0, _frame: FrameType | None = None) -> None:
        try:
            size = os.get_terminal_size(fd)
        except OSError:
            size = shutil.get_terminal_size()
        session.resize(size.lines, size.columns)

    resize()
    previous = signal.signal(signal.SIGWINCH, resize)
    try:
        yield
    finally:
        signal.signal(signal.SIGWINCH, previous)
