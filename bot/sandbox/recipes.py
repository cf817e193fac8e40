"""The images the tutor can run, and exactly how each one is allowed to run.

A recipe is the only place an image name, a command or a capability comes from:
lessons name a recipe, learners name a lesson demo, and nothing a learner types
reaches Docker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

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

RECIPES: dict[str, Recipe] = {recipe.name: recipe for recipe in (NGINX, BUSYBOX)}
