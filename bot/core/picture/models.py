"""What a picture shows, already worded: the painter only places and draws these strings.

Every string comes from the message catalogue filled with live numbers; the numbers are
kept beside them so adapters and tests can read them without parsing text.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.core.lang import Lang

StackKind = Literal["container", "vm", "gvisor"]


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True)


class Crossing(_Data):
    """A process drawn on the container's boundary: its PID inside, its PID on the host."""

    ns_pid: int
    host_pid: int
    command: str
    by_exec: bool = False
    """Started by `docker exec`: a child of the shim beside the main process, not under it."""


class PidPicture(_Data):
    """The host's PID namespace holding the shim, which holds the container's namespace."""

    lang: Lang
    title: str
    host_ns: str
    host_label: str
    shim_pid: int
    shim_label: str
    container_ns: str
    container_label: str
    inside_label: str
    outside_label: str
    exec_label: str
    processes: tuple[Crossing, ...]
    more: str
    """"+N more" when the demo has more processes than the picture has rows, else empty."""
    kernel: str
    kernel_label: str


class Line(_Data):
    """A box's text and its live number (`tag`), which is never the part cut for room."""

    text: str
    tag: str = ""

    @property
    def words(self) -> str:
        return f"{self.text} · {self.tag}" if self.tag else self.text


class Stack(_Data):
    """One column: what runs, on which kernel, inside what the host sees, and its start."""

    kind: StackKind
    title: str
    start: str
    processes: tuple[Line, ...]
    memory: str
    kernel: str = ""
    """The stack's own kernel (a guest's, gVisor's Sentry); empty for a container."""
    wrapper: Line | None = None
    """The host process that holds the whole stack (qemu, runsc-sandbox); empty for runc."""


class StackPicture(_Data):
    """The course's diagram of containers and VMs, filled with one comparison's live values."""

    lang: Lang
    title: str
    stacks: tuple[Stack, ...]
    host_kernel: str
    host_kernel_label: str
    hardware_label: str


Picture = PidPicture | StackPicture
