"""The images the tutor can run, and exactly how each one is allowed to run.

A recipe is the only place an image name, a command or a capability comes from:
lessons name a recipe, learners name a lesson demo, and nothing a learner types
reaches Docker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from bot.sandbox.vm_qemu import KVM_DEVICE, qemu_command

NAMESPACE = "container-tutor"


@dataclass(frozen=True, kw_only=True)
class Recipe:
    """How to build an image from Debian's packages and how to run it hardened."""

    name: str
    version: str
    kind: Literal["debootstrap", "busybox"]
    description: str
    packages: tuple[str, ...] = ()
    command: tuple[str, ...]
    tmpfs: dict[str, str] = field(default_factory=dict)
    """Writable scratch mounts (path → size); the root filesystem itself stays read-only."""
    cap_add: tuple[str, ...] = ()
    """Capabilities given back after dropping ALL; each one is justified where it is set."""
    stop_signal: str = "SIGTERM"
    memory_mb: int | None = None
    """This recipe's memory limit instead of DEMO_MEMORY_MB; the policy holds it to exactly that."""
    cpus: float | None = None
    """This recipe's CPU quota instead of DEMO_CPUS; the policy holds it to exactly that."""
    devices: tuple[str, ...] = ()
    """Host devices it may be given, only when the host's device works; each one justified."""

    @property
    def tag(self) -> str:
        return f"{NAMESPACE}/{self.name}:{self.version}"


NGINX = Recipe(
    name="nginx",
    version="1",
    kind="debootstrap",
    description="nginx from Debian, with procps and psmisc so ps and pstree work inside",
    packages=("nginx-light", "procps", "psmisc"),
    command=("nginx", "-g", "daemon off;"),
    tmpfs={"/run": "1m", "/var/lib/nginx": "4m", "/var/log/nginx": "4m", "/tmp": "4m"},
    cap_add=(
        "CHOWN",  # the master chowns its temp dirs under /var/lib/nginx to www-data at start
        "SETUID",  # the master (root) starts its workers as www-data
        "SETGID",  # ...and drops their groups too
        "NET_BIND_SERVICE",  # listens on port 80 (inside its own, unconnected network)
    ),
    stop_signal="SIGQUIT",
)

BUSYBOX = Recipe(
    name="busybox",
    version="1",
    kind="busybox",
    description="a single static busybox: the smallest container there is",
    packages=("busybox-static",),
    command=("sleep", "3600"),
    tmpfs={"/tmp": "1m"},
    cap_add=(),  # one unprivileged-looking process needs no capability at all
)

VM = Recipe(
    name="vm",
    version="1",
    kind="debootstrap",
    description="qemu from Debian, booting Debian's cloud kernel with a busybox initramfs",
    packages=("qemu-system-x86",),
    command=qemu_command(accelerator="tcg", ttl_seconds=900),
    tmpfs={"/tmp": "1m"},
    cap_add=(),  # qemu needs none: no network, no tap device, no chroot, no setuid
    memory_mb=320,  # 128 MB of guest RAM, all touched at boot, plus qemu and its code cache
    cpus=1.0,  # the one emulated CPU keeps one host CPU busy while the guest boots
    devices=(KVM_DEVICE,),  # hardware virtualisation, passed only when the host's KVM works
)
"""The VM demo's image; `bot.sandbox.vm_image` adds the guest kernel and initramfs to it."""

RECIPES: dict[str, Recipe] = {recipe.name: recipe for recipe in (NGINX, BUSYBOX, VM)}
