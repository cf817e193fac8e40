"""The host's process table under one demo's containerd-shim (the `HostSide` port).

Every demo container has its own shim, whose command line names the container id; what
hangs under it is exactly what the host runs for that demo, whatever the runtime: the
container's own processes (runc), one qemu process (the VM), or gVisor's sandbox
processes (runsc). Only ids the engine gave are looked for; nothing is ever signalled.
"""

from __future__ import annotations

import threading

import psutil

from bot.core.vm.models import HostSeen, HostTask

SHIM_PREFIX = "containerd-shim"
MAX_COMMAND = 200


class ShimHost:
    """Finds a container's shim with psutil and reads its descendants."""

    def __init__(self) -> None:
        self._shims: dict[str, int] = {}
        self._lock = threading.Lock()

    def under_shim(self, container_id: str) -> HostSeen:
        shim = self._shim(container_id)
        if shim is None:
            return HostSeen(shim_pid=0, shim_name="", tasks=())
        try:
            name = shim.name()
            kids = shim.children(recursive=True)
        except psutil.Error:
            return HostSeen(shim_pid=0, shim_name="", tasks=())
        tasks = [task for task in (_task(kid) for kid in kids) if task is not None]
        return HostSeen(
            shim_pid=shim.pid, shim_name=name, tasks=tuple(sorted(tasks, key=lambda t: t.pid))
        )

    def _shim(self, container_id: str) -> psutil.Process | None:
        with self._lock:
            known = self._shims.get(container_id)
        if known is not None:
            try:
                process = psutil.Process(known)
                if _runs(process.cmdline(), container_id):
                    return process
            except psutil.Error:
                pass
        for process in psutil.process_iter(["name", "cmdline"]):
            if not str(process.info.get("name") or "").startswith(SHIM_PREFIX):
                continue
            if _runs(process.info.get("cmdline") or [], container_id):
                with self._lock:
                    self._shims[container_id] = process.pid
                return process
        return None


def _runs(cmdline: list[str], container_id: str) -> bool:
    """A shim's command line says which container it runs: `-id <container id>`."""
    return any(
        word == "-id" and index + 1 < len(cmdline) and cmdline[index + 1] == container_id
        for index, word in enumerate(cmdline)
    )


def _task(process: psutil.Process) -> HostTask | None:
    try:
        with process.oneshot():
            args = " ".join(process.cmdline()) or f"[{process.name()}]"
            return HostTask(
                pid=process.pid,
                ppid=process.ppid(),
                name=process.name(),
                command=args if len(args) <= MAX_COMMAND else args[: MAX_COMMAND - 1] + "…",
                threads=process.num_threads(),
                rss_kib=process.memory_info().rss // 1024,
            )
    except psutil.Error:
        return None
