"""What the core needs from the outside world, as small Protocols.

The Docker engine and the host's /proc are adapters (`bot.sandbox`); tests use fakes
that implement these same Protocols.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

from bot.core.course import Demo
from bot.core.demo.models import (
    ContainerRef,
    HostProcess,
    HostSnapshot,
    PidMapEntry,
    ProcNode,
    Table,
)


class SandboxError(Exception):
    """The engine could not do what was asked; the message is safe to show a learner.

    `key` and `params` pick the sentence from the message catalogue, in the learner's
    language; the message itself (English) is for logs and the command line.
    """

    def __init__(self, message: str, *, key: str = "engine", **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


class Sandbox(Protocol):
    """Runs lesson demos in hardened, labelled, time-limited containers."""

    def start(self, demo: Demo, *, owner: str, ttl_seconds: float) -> ContainerRef: ...

    def get(self, container_id: str) -> ContainerRef | None: ...

    def top(self, container_id: str, *, shape: Literal["ef", "aux"]) -> Table: ...

    def tops(self, container_id: str) -> tuple[Table, Table]:
        """Both `top` shapes (`-ef`, `aux`) of one moment, in one round trip."""
        ...

    def run_inside(self, container_id: str, command: Sequence[str]) -> str:
        """Run a lesson-defined command inside and return its output."""
        ...

    def start_inside(self, container_id: str, command: Sequence[str]) -> None:
        """Start a lesson-defined command inside and leave it running."""
        ...

    def stop_main(self, container_id: str) -> tuple[ContainerRef, str]:
        """Signal the main process; return the container once it exited, and the signal."""
        ...

    def remove(self, container_id: str) -> None: ...

    def ours(self, *, owner: str | None = None) -> list[ContainerRef]: ...

    def reap_expired(self, *, now: float) -> list[str]: ...


class HostInspector(Protocol):
    """Looks at processes the way the host sees them."""

    def ps(self, pids: Sequence[int]) -> list[HostProcess]: ...

    def tree(self, pids: Sequence[int]) -> ProcNode: ...

    def pid_map(self, pids: Sequence[int]) -> list[PidMapEntry]: ...

    def snapshot(self, pids: Sequence[int]) -> HostSnapshot:
        """`ps`, the tree and the PID map together, each process's /proc read once."""
        ...

    def pid_namespace(self, pid: int) -> str: ...

    def own_pid_namespace(self) -> str: ...

    def kernel_release(self) -> str: ...

    def parent(self, pid: int) -> tuple[int, str]:
        """The parent's PID and name on the host."""
        ...
