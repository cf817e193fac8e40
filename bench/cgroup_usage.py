"""What one container costs the host, read from its cgroup: memory and CPU time.

The engine puts each container in a cgroup of its own; `/proc/PID/cgroup` of its main
process says which. cgroup v1 (a folder per controller) and v2 (one tree) are both read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")


@dataclass(frozen=True)
class Usage:
    """One reading: memory charged now, and CPU time used since the cgroup was made."""

    memory_bytes: int
    """Everything charged to the cgroup: its processes' own memory and the page cache."""
    anon_bytes: int
    """The processes' own memory (heap, stacks): what each more demo adds for certain."""
    cpu_seconds: float


def usage(pid: int, *, root: Path = CGROUP_ROOT) -> Usage | None:
    """The cgroup of process `pid`, or None when it is gone or its cgroup cannot be read."""
    try:
        lines = Path(f"/proc/{pid}/cgroup").read_text().splitlines()
    except OSError:
        return None
    places = {}
    for line in lines:
        _id, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            places[controller] = root / controllers / path.lstrip("/")
    try:
        if "memory" in places:
            return _v1(places["memory"], places.get("cpuacct"))
        if "" in places:
            return _v2(places[""])
    except (OSError, ValueError, KeyError):
        return None
    return None


def _v1(memory: Path, cpuacct: Path | None) -> Usage:
    stat = _stat(memory / "memory.stat")
    cpu_ns = int((cpuacct / "cpuacct.usage").read_text()) if cpuacct else 0
    return Usage(
        memory_bytes=int((memory / "memory.usage_in_bytes").read_text()),
        anon_bytes=stat.get("total_rss", stat.get("rss", 0)),
        cpu_seconds=cpu_ns / 1e9,
    )


def _v2(folder: Path) -> Usage:
    stat = _stat(folder / "memory.stat")
    cpu = _stat(folder / "cpu.stat")
    return Usage(
        memory_bytes=int((folder / "memory.current").read_text()),
        anon_bytes=stat.get("anon", 0),
        cpu_seconds=cpu["usage_usec"] / 1e6,
    )


def _stat(path: Path) -> dict[str, int]:
    found = {}
    for line in path.read_text().splitlines():
        key, _, value = line.partition(" ")
        if value.strip().isdigit():
            found[key] = int(value)
    return found


def host_memory() -> tuple[int, int]:
    """The host's MemTotal and MemAvailable, in bytes."""
    fields = {}
    for line in Path("/proc/meminfo").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = int(value.split()[0]) * 1024
    return fields["MemTotal"], fields["MemAvailable"]
