"""A learner's running nginx demo with `sh` wired to the real engine, for the shell tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psutil

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.demo.service import DemoService
from bot.core.shell.limits import ShellLimits
from bot.core.shell.service import ShellService
from bot.sandbox.host import ProcHost
from bot.sandbox.runner import DockerSandbox
from bot.sandbox.shell import DockerShell
from bot.wiring import course_from

ESCAPES = [
    "mount -t tmpfs none /mnt",
    "mount -o remount,rw /",
    "chroot / true",
    "unshare --pid --fork true",
    "unshare --user --map-root-user true",
    "unshare --mount true",
]
"""Ways out of a container a learner may try; each must be refused (`REFUSED` says how)."""
REFUSED = ("Operation not permitted", "permission denied", "Permission denied")


@contextmanager
def alice_and_bob(engine: Any, limits: ShellLimits | None = None) -> Iterator[DemoService]:
    """Two learners' demos, alice's nginx and bob's busybox, removed afterwards."""
    demos, _ = services(engine, limits)
    demos.run("alice")
    demos.run("bob", "busybox")
    try:
        yield demos
    finally:
        demos.clean("alice")
        demos.clean("bob")


def services(engine: Any, limits: ShellLimits | None = None) -> tuple[DemoService, ShellService]:
    sandbox = DockerSandbox(engine)
    demos = DemoService(
        course=course_from(Settings()),
        sandbox=sandbox,
        host=ProcHost(),
        capacity=Capacity(4),
        ttl_seconds=120,
        queue_wait=0,
    )
    return demos, ShellService(demos=demos, shell=DockerShell(sandbox), limits=limits)


def processes(engine: Any, container_id: str) -> list[str]:
    """The container's processes as the engine lists them: one command line each."""
    top = engine.api.top(container_id, ps_args="-eo pid,args")
    return [str(row[-1]) for row in top["Processes"]]


def no_strays_on_the_host(words: tuple[str, ...], containers: tuple[str, ...] = ()) -> None:
    """No process under a containerd-shim on this host runs a command with one of `words`:
    under any shim, or only under those of `containers` (others may test on this engine)."""
    for shim in psutil.process_iter(["name"]):
        if "containerd-shim" not in (shim.info["name"] or ""):
            continue
        try:
            if containers and not any(f"-id {c}" in " ".join(shim.cmdline()) for c in containers):
                continue
            children = shim.children(recursive=True)
        except psutil.Error:
            continue  # another test's container went away meanwhile
        for child in children:
            try:
                command = " ".join(child.cmdline())
            except psutil.Error:
                continue
            assert not any(word in command for word in words), command
