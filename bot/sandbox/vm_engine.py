"""What only the engine knows about a demo container (the `EngineFacts` port).

Start times come from the engine's own records (`Created`, `State.StartedAt`), so a
container started a while ago can still be compared, on the same clock as the VM's boot.
gVisor is whatever the engine calls `runsc` in `docker info`'s runtimes; a gVisor demo is
the same hardened container as any other, only with that runtime.
"""

from __future__ import annotations

from bot.core.course import Demo
from bot.core.demo.models import ContainerRef
from bot.sandbox.engine_errors import engine_errors
from bot.sandbox.runner import DockerSandbox
from bot.sandbox.vm_console import instant

GVISOR_RUNTIME = "runsc"


class DockerEngineFacts:
    """Start times, runtimes and gVisor starts, through the tutor's DockerSandbox."""

    def __init__(self, sandbox: DockerSandbox) -> None:
        self._sandbox = sandbox

    def start_seconds(self, container_id: str) -> float:
        with engine_errors():
            attrs = self._sandbox.client.api.inspect_container(container_id)
        started = instant(str((attrs.get("State") or {}).get("StartedAt", "")))
        created = instant(str(attrs.get("Created", "")))
        return round(max(started - created, 0.0), 3)

    def has_gvisor(self) -> bool:
        with engine_errors():
            runtimes = self._sandbox.client.info().get("Runtimes") or {}
        return GVISOR_RUNTIME in runtimes

    def start_gvisor(self, demo: Demo, *, owner: str, ttl_seconds: float) -> ContainerRef:
        return self._sandbox.start(
            demo, owner=owner, ttl_seconds=ttl_seconds, runtime=GVISOR_RUNTIME
        )
