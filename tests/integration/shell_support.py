"""A learner's running nginx demo with `sh` wired to the real engine, for the shell tests."""

from __future__ import annotations

from typing import Any

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.demo.service import DemoService
from bot.core.shell.limits import ShellLimits
from bot.core.shell.service import ShellService
from bot.sandbox.host import ProcHost
from bot.sandbox.runner import DockerSandbox
from bot.sandbox.shell import DockerShell
from bot.wiring import course_from


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
