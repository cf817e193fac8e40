"""What the container-vs-VM comparison needs from the outside world, as small Protocols.

qemu in a sandbox container, the engine's own records and the host's process table are
adapters (`bot.sandbox.vm`, `vm_engine`, `vm_host`); tests use fakes of these Protocols.
"""

from __future__ import annotations

from typing import Protocol

from bot.core.course import Demo
from bot.core.demo.models import ContainerRef
from bot.core.notes import Notify
from bot.core.vm.models import GuestReport, HostSeen


class Machines(Protocol):
    """The VM demo: qemu booting a Linux guest, labelled, limited and reaped like every demo."""

    def boot(
        self, *, owner: str, ttl_seconds: float, notify: Notify
    ) -> tuple[ContainerRef, GuestReport]:
        """Start a VM and wait for its guest's report; raise SandboxError when it cannot."""
        ...

    def report(self, container_id: str) -> GuestReport:
        """Read the guest's report again from the console of a running VM."""
        ...


class EngineFacts(Protocol):
    """What only the engine knows about a demo container."""

    def start_seconds(self, container_id: str) -> float:
        """From the container's creation to its main process running, by the engine's clock."""
        ...

    def has_gvisor(self) -> bool:
        """True when the engine offers gVisor's `runsc` runtime."""
        ...

    def start_gvisor(self, demo: Demo, *, owner: str, ttl_seconds: float) -> ContainerRef:
        """Start a lesson demo hardened as usual, under gVisor instead of runc."""
        ...


class HostSide(Protocol):
    """The host's process table, one demo at a time."""

    def under_shim(self, container_id: str) -> HostSeen:
        """The containerd-shim that runs this container, and every process under it."""
        ...
