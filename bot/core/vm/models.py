"""A container and a virtual machine on the same host, as plain data any adapter can show.

The comparison is made of facts read live: what the host's process table holds under
each demo's containerd-shim, what runs inside each one (its own `ps`), which kernel
answers `uname -r` there, what memory each one costs and how long each took to start.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from bot.core.demo.models import ContainerRef, Table

Accelerator = Literal["kvm", "tcg"]
SideKind = Literal["container", "vm", "gvisor"]
GvisorState = Literal["shown", "absent", "failed"]


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True)


class GuestReport(_Data):
    """What the guest printed on its own serial console: the VM's view of itself."""

    kernel: str
    memtotal_kib: int
    ps: Table
    """The guest's `ps`: PID, PPID, USER, COMMAND, kernel threads included."""
    accelerator: Accelerator
    guest_ram_mb: int
    """The RAM qemu reserved for the guest (`-m`); the guest's kernel keeps some for itself."""
    boot_s: float
    """From the creation of qemu's container to the guest's report, by the engine's clock."""


class HostTask(_Data):
    """One process the host sees under a demo's containerd-shim."""

    pid: int
    ppid: int
    name: str
    command: str
    threads: int
    rss_kib: int


class HostSeen(_Data):
    """Everything the host's process table holds for one demo: its shim and what hangs under it."""

    shim_pid: int
    shim_name: str
    tasks: tuple[HostTask, ...]

    @property
    def rss_kib(self) -> int:
        return sum(task.rss_kib for task in self.tasks)


class VmView(_Data):
    """A running VM: the guest's own report, and what the host sees of it."""

    container: ContainerRef
    guest: GuestReport
    host: HostSeen
    host_kernel: str


class Side(_Data):
    """One column of the comparison: a runc container, a VM, or a gVisor sandbox."""

    kind: SideKind
    name: str
    host: HostSeen
    kernel: str
    inside: Table
    memory_kib: int
    """Containers: the resident memory of their processes. The VM: its reserved guest RAM."""
    start_s: float
    accelerator: Accelerator | None = None

    @property
    def pid1(self) -> str:
        return pid1_command(self.inside)

    @property
    def kernel_threads(self) -> tuple[str, ...]:
        return kernel_threads(self.inside)

    @property
    def processes_inside(self) -> int:
        return len(self.inside.rows)


class Comparison(_Data):
    """Side by side, read at one moment on one host."""

    host_kernel: str
    sides: tuple[Side, ...]
    gvisor: GvisorState
    gvisor_detail: str = ""

    def side(self, kind: SideKind) -> Side | None:
        return next((side for side in self.sides if side.kind == kind), None)


def pid1_command(ps: Table) -> str:
    """The command of PID 1 in a `ps` listing: a container's main process, or a guest's init."""
    return next((row[3] for row in _rows(ps) if row[0] == "1"), "?")


def kernel_threads(ps: Table) -> tuple[str, ...]:
    """The kernel's own threads in a `ps` listing: `[kthreadd]` (PID 2) and its children.

    A container never has them: its processes are ordinary programs on the host's kernel.
    """
    return tuple(
        command
        for pid, ppid, _user, command in _rows(ps)
        if command.startswith("[")
        and command.endswith("]")
        and (ppid == "2" or (pid, ppid) == ("2", "0"))
    )


def _rows(ps: Table) -> list[tuple[str, str, str, str]]:
    """PID, PPID, USER and COMMAND of each row, found by title (procps and busybox differ)."""
    titles = {title.upper(): index for index, title in enumerate(ps.titles)}
    wanted = [titles.get(name, -1) for name in ("PID", "PPID", "USER", "COMMAND")]
    if wanted[0] < 0:
        return []
    out = []
    for row in ps.rows:
        cells = [row[index] if 0 <= index < len(row) else "" for index in wanted]
        out.append((cells[0], cells[1], cells[2], cells[3]))
    return out
