"""A real terminal on a learner's container: `shell` (the course's `exec -it`) and `run -it`.

The core decides which container a terminal may reach: `shell` only the learner's own
running demo, `run -it` only a fresh busybox whose main process is the shell (a command
fixed here, never typed). A `run -it` container is a live demo like any other, so it takes
a slot of the same global cap as `run` (queueing like it) and gives it back once closed.
The engine side (`Terminals`) gives a byte stream with a pseudo-terminal; the console
pumps it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Protocol

from bot.core.course import Course
from bot.core.demo.models import ContainerRef
from bot.core.demo.service import DemoError, DemoService
from bot.core.notes import Notify, silent

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
    slot: str = ""
    """The cap's slot a `run -it` container holds, given back by `after`."""


class TerminalService:
    def __init__(self, *, course: Course, demos: DemoService, terminals: Terminals) -> None:
        self._course = course
        self._demos = demos
        self._terminals = terminals
        self._sessions = itertools.count(1)

    def shell(self, owner: str) -> Opened:
        ref = self._demos.current(owner)
        if ref.state != "running":
            raise DemoError("demo_exited", code=ref.exit_code)
        return Opened(self._terminals.exec_shell(ref.id), ref, fresh=False)

    def run_it(self, owner: str, *, notify: Notify = silent) -> Opened:
        """A fresh container whose main process is the shell, in a slot of the demo cap:
        queued (and told its place) while the cap is full, refused after the demos' wait."""
        if self._course.demo(RUN_IT_DEMO) is None:
            raise DemoError("unknown_demo", name=RUN_IT_DEMO, known="")
        capacity, pool = self._demos.capacity, self._demos.pool
        slot = f"{owner} run -it {next(self._sessions)}"  # one per terminal, never the demo's
        if capacity.full:
            pool.evict_one()  # a learner's terminal comes before a spare demo
        with capacity.slot(
            slot,
            wait=self._demos.queue_wait,
            notify=notify,
            queued="busy",
            gave_up=lambda: DemoError("busy_gave_up", limit=capacity.limit),
            on_queued=pool.evict_one,
        ):
            ref, tty = self._terminals.run_shell(
                RUN_IT_DEMO, RUN_IT_COMMAND, owner=owner, ttl=RUN_IT_TTL_SECONDS
            )
        return Opened(tty, ref, fresh=True, slot=slot)

    def after(self, opened: Opened) -> ContainerRef | None:
        """The container as it is once the terminal closed; a `run -it` one is then removed
        and its slot given back (whatever the engine says meanwhile)."""
        try:
            ref = self._terminals.state(
                opened.container.id, exit_within=5.0 if opened.fresh else 0.0
            )
            if opened.fresh:
                self._terminals.remove(opened.container.id)
            return ref
        finally:
            if opened.slot:
                self._demos.capacity.release(opened.slot)
