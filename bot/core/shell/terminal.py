"""A real terminal on a learner's container: `shell` (the course's `exec -it`) and `run -it`.

The core decides which container a terminal may reach: `shell` only the learner's own
running demo, `run -it` only a fresh busybox whose main process is the shell (a command
fixed here, never typed). The engine side (`Terminals`) gives a byte stream with a
pseudo-terminal; the console pumps it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.core.course import Course
from bot.core.demo.models import ContainerRef
from bot.core.demo.service import DemoError, DemoService

RUN_IT_DEMO = "busybox"
RUN_IT_COMMAND = ("sh",)
RUN_IT_TTL_SECONDS = 1800.0


class Tty(Protocol):
    """One pseudo-terminal session: bytes both ways, a size, an end."""

    def fileno(self) -> int: ...

    def send(self, data: bytes) -> None: ...

    def receive(self) -> bytes:
        """What the terminal printed; b"" once the session has ended."""
        ...

    def resize(self, rows: int, columns: int) -> None: ...

    def close(self) -> None: ...


class Terminals(Protocol):
    def exec_shell(self, container_id: str) -> Tty:
        """`exec -it CONTAINER sh`: one more process, the shell, with a terminal."""
        ...

    def run_shell(
        self, demo_id: str, command: tuple[str, ...], *, owner: str, ttl: float
    ) -> tuple[ContainerRef, Tty]:
        """`run -it IMAGE sh`: a fresh container whose main process is the shell."""
        ...

    def state(self, container_id: str, *, exit_within: float = 0.0) -> ContainerRef | None:
        """The container now; with `exit_within`, once it has exited (or that long passed)."""
        ...

    def remove(self, container_id: str) -> None: ...


@dataclass(frozen=True)
class Opened:
    tty: Tty
    container: ContainerRef
    fresh: bool
    """A `run -it` container, removed once the learner has seen it exit."""


class TerminalService:
    def __init__(self, *, course: Course, demos: DemoService, terminals: Terminals) -> None:
        self._course = course
        self._demos = demos
        self._terminals = terminals

    def shell(self, owner: str) -> Opened:
        ref = self._demos.current(owner)
        if ref.state != "running":
            raise DemoError("demo_exited", code=ref.exit_code)
        return Opened(self._terminals.exec_shell(ref.id), ref, fresh=False)

    def run_it(self, owner: str) -> Opened:
        if self._course.demo(RUN_IT_DEMO) is None:
            raise DemoError("unknown_demo", name=RUN_IT_DEMO, known="")
        ref, tty = self._terminals.run_shell(
            RUN_IT_DEMO, RUN_IT_COMMAND, owner=owner, ttl=RUN_IT_TTL_SECONDS
        )
        return Opened(tty, ref, fresh=True)

    def after(self, opened: Opened) -> ContainerRef | None:
        """The container as it is once the terminal closed; a `run -it` one is then removed."""
        ref = self._terminals.state(opened.container.id, exit_within=5.0 if opened.fresh else 0.0)
        if opened.fresh:
            self._terminals.remove(opened.container.id)
        return ref
