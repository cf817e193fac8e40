"""The VM demo on a real engine: qemu in a hardened sandbox container (the `Machines` port).

qemu is the container's only process, started by `DockerSandbox.start` like every demo:
the same labels, expiry, reaper and policy check (no network, read-only root, no
capabilities, no-new-privileges, memory, CPU and pids limits). The guest's serial console
is qemu's standard output, so the guest's report is read from the container's log.

Accelerator: KVM when the host's KVM works (then /dev/kvm, and only it, is passed in),
TCG otherwise. In `auto` mode a KVM boot that fails or does not report in time is retried
once with TCG, and KVM is not tried again by this process.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Literal

from bot.core.course import Demo, Localized
from bot.core.demo.models import ContainerRef
from bot.core.demo.ports import SandboxError
from bot.core.notes import Notify
from bot.core.vm.models import Accelerator, GuestReport
from bot.sandbox.engine_errors import engine_errors
from bot.sandbox.recipes import VM
from bot.sandbox.runner import DockerSandbox
from bot.sandbox.vm_console import ConsoleReport, instant, last_lines, read_console
from bot.sandbox.vm_qemu import GUEST_RAM_MB, KVM_DEVICE, kvm_usable, qemu_command

log = logging.getLogger(__name__)
AcceleratorMode = Literal["auto", "kvm", "tcg"]
BOOT_TIMEOUT_SECONDS = 90.0
"""TCG boots in a few seconds; this leaves room for a busy CI machine."""
KVM_TIMEOUT_SECONDS = 15.0
"""A working KVM boots the guest in about a second; a broken one never does."""
POLL_SECONDS = 0.1


class GuestSilent(SandboxError):
    """The guest did not report in time (its container has been removed)."""


class QemuMachines:
    """Boots the VM demo through a DockerSandbox and reads the guest's report from its log."""

    def __init__(
        self,
        sandbox: DockerSandbox,
        *,
        accelerator: AcceleratorMode = "auto",
        boot_timeout: float = BOOT_TIMEOUT_SECONDS,
        kvm_timeout: float = KVM_TIMEOUT_SECONDS,
        kvm_check: Callable[[], bool] = kvm_usable,
    ) -> None:
        self._sandbox = sandbox
        self._mode = accelerator
        self._boot_timeout = boot_timeout
        self._kvm_timeout = kvm_timeout
        self._kvm_check = kvm_check
        self._kvm_failed = threading.Event()

    def accelerator(self) -> Accelerator:
        """What the next boot uses: the setting, or in `auto` KVM only where it works."""
        if self._mode != "auto":
            return self._mode
        if self._kvm_failed.is_set() or not self._kvm_check():
            return "tcg"
        return "kvm"

    def boot(
        self, *, owner: str, ttl_seconds: float, notify: Notify
    ) -> tuple[ContainerRef, GuestReport]:
        accelerator = self.accelerator()
        notify(f"progress_vm_boot_{accelerator}", {})
        if accelerator == "tcg" or self._mode == "kvm":
            return self._boot(accelerator, owner, ttl_seconds, timeout=self._boot_timeout)
        try:
            return self._boot("kvm", owner, ttl_seconds, timeout=self._kvm_timeout)
        except SandboxError as error:
            self._kvm_failed.set()
            log.warning("KVM did not boot the VM demo (%s); using TCG from now on", error)
            notify("progress_vm_kvm_failed", {})
            return self._boot("tcg", owner, ttl_seconds, timeout=self._boot_timeout)

    def report(self, container_id: str) -> GuestReport:
        attrs, text = self._read(container_id)
        found = read_console(text)
        if found is None:
            raise SandboxError(
                "The virtual machine has not reported yet. Try again in a moment.",
                key="vm_not_reported",
            )
        return _report(attrs, found)

    def _boot(
        self, accelerator: Accelerator, owner: str, ttl_seconds: float, *, timeout: float
    ) -> tuple[ContainerRef, GuestReport]:
        demo = Demo(
            id=VM.name,
            title=Localized(en="qemu", zh="qemu"),
            image=VM.name,
            command=list(qemu_command(accelerator=accelerator, ttl_seconds=int(ttl_seconds))),
        )
        devices = (KVM_DEVICE,) if accelerator == "kvm" else ()
        ref = self._sandbox.start(demo, owner=owner, ttl_seconds=ttl_seconds, devices=devices)
        try:
            report = self._wait(ref.id, timeout=timeout)
        except BaseException:
            self._sandbox.remove(ref.id)
            raise
        return ref, report

    def _wait(self, container_id: str, *, timeout: float) -> GuestReport:
        deadline = time.monotonic() + timeout
        while True:
            attrs, text = self._read(container_id)
            found = read_console(text)
            if found is not None:
                return _report(attrs, found)
            state = attrs.get("State") or {}
            if state.get("Status") != "running":
                said = last_lines(text) or "-"
                raise SandboxError(
                    f"The virtual machine stopped before its guest reported "
                    f"(exit {state.get('ExitCode')}): {said}",
                    key="vm_stopped_early",
                    code=state.get("ExitCode"),
                    output=said,
                )
            if time.monotonic() > deadline:
                raise GuestSilent(
                    f"The virtual machine did not report within {timeout:.0f} s, so it was "
                    "removed. Try `vm` again in a moment.",
                    key="vm_silent",
                    seconds=round(timeout),
                )
            time.sleep(POLL_SECONDS)

    def _read(self, container_id: str) -> tuple[dict[str, Any], str]:
        api = self._sandbox.client.api
        with engine_errors():
            attrs = api.inspect_container(container_id)
            raw = api.logs(container_id, stdout=True, stderr=True, timestamps=True)
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else str(raw)
        return attrs, text


def _report(attrs: dict[str, Any], found: ConsoleReport) -> GuestReport:
    """The guest's report, with what qemu was really started with (from `docker inspect`)."""
    command = [str(word) for word in (attrs.get("Config") or {}).get("Cmd") or []]
    memory = command[command.index("-m") + 1] if "-m" in command[:-1] else ""
    return GuestReport(
        kernel=found.kernel,
        memtotal_kib=found.memtotal_kib,
        ps=found.ps,
        accelerator="kvm" if "kvm" in command else "tcg",
        guest_ram_mb=int(memory) if memory.isdigit() else GUEST_RAM_MB,
        boot_s=round(max(found.ready_at - instant(str(attrs.get("Created", ""))), 0.0), 3),
    )
