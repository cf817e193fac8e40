"""How the VM demo's qemu is started, and whether this host's KVM can run it.

One place decides every qemu argument: no network device at all, a small guest, the
serial console on standard output (the container's log, which the tutor reads), no
reboot, qemu's own seccomp sandbox on top of the container's. Nothing here comes from
a learner: the only inputs are the accelerator (chosen by the host check below) and the
guest's lifetime in whole seconds.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import Literal

Accelerator = Literal["kvm", "tcg"]

QEMU = "qemu-system-x86_64"
KERNEL_PATH = "/vm/vmlinuz"
INITRD_PATH = "/vm/initrd.gz"
GUEST_RAM_MB = 128
"""Small, but enough for Debian's cloud kernel with a 1 MB initramfs (the guest sees ~95 MB)."""
TCG_CODE_CACHE_MB = 32
"""qemu's translated-code cache under TCG; its default (1 GB) would dwarf the guest."""
KVM_DEVICE = "/dev/kvm"
_KVM_GET_API_VERSION = 0xAE00
_KVM_CREATE_VM = 0xAE01
_KVM_API_VERSION = 12
_HARDWARE_KVM = ("kvm_intel", "kvm_amd")
TTL_PARAMETER = "ct_ttl"
"""Kernel command-line word with the guest's lifetime in seconds (read by the guest's init)."""


def qemu_command(*, accelerator: Accelerator, ttl_seconds: int) -> tuple[str, ...]:
    """The whole qemu command line for the VM demo."""
    accel = (
        ("-accel", "kvm", "-cpu", "host")
        if accelerator == "kvm"
        else ("-accel", f"tcg,tb-size={TCG_CODE_CACHE_MB}")
    )
    append = " ".join(
        (
            "console=ttyS0",
            "quiet",
            "loglevel=1",
            "panic=-1",  # a guest panic ends qemu (with -no-reboot) instead of hanging
            f"{TTL_PARAMETER}={max(int(ttl_seconds), 1)}",
        )
    )
    return (
        QEMU,
        "-name",
        "container-tutor-vm",
        "-machine",
        "pc",
        *accel,
        "-smp",
        "1",
        "-m",
        str(GUEST_RAM_MB),
        "-nodefaults",
        "-no-user-config",
        "-nic",
        "none",
        "-display",
        "none",
        "-monitor",
        "none",
        "-serial",
        "stdio",
        "-no-reboot",
        "-sandbox",
        "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny",
        "-kernel",
        KERNEL_PATH,
        "-initrd",
        INITRD_PATH,
        "-append",
        append,
    )


def kvm_usable(*, device: str = KVM_DEVICE, modules: Path = Path("/sys/module")) -> bool:
    """True when /dev/kvm opens, speaks the stable API, makes a VM, and is hardware-backed.

    The last test matters: some nested hosts expose a /dev/kvm that creates VMs but cannot
    boot an ordinary kernel (it hangs in early boot), and only the module tells them apart.
    """
    if not any((modules / name).exists() for name in _HARDWARE_KVM):
        return False
    try:
        handle = os.open(device, os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        if fcntl.ioctl(handle, _KVM_GET_API_VERSION) != _KVM_API_VERSION:
            return False
        os.close(fcntl.ioctl(handle, _KVM_CREATE_VM, 0))
    except OSError:
        return False
    finally:
        os.close(handle)
    return True
