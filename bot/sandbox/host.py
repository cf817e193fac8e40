"""The host's view of processes, read with psutil and /proc (the `HostInspector` port).

Only PIDs that the engine reported for a tutor container are ever passed here; the
functions read, they never signal or change a process.
"""

from __future__ import annotations

import functools
import os
import pwd
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import psutil

from bot.core.demo.models import HostProcess, HostSnapshot, PidMapEntry, ProcNode

MAX_ARGS = 200


class ProcHost:
    """Reads the host's process table; `proc` is where procfs is mounted."""

    def __init__(self, *, proc: Path = Path("/proc")) -> None:
        self._proc = proc

    def ps(self, pids: Sequence[int]) -> list[HostProcess]:
        reads = _Reads(self._proc)
        return [row for row in (reads.ps_row(pid) for pid in pids) if row is not None]

    def tree(self, pids: Sequence[int]) -> ProcNode:
        """The ancestry of `pids` up to the first process, and their descendants."""
        wanted: dict[int, tuple[int, str, str]] = {}
        for pid in pids:
            for process in _lineage(pid):
                wanted.setdefault(process[0], process[1:])
                for child in _descendants(process[0]) if process[0] in pids else []:
                    wanted.setdefault(child[0], child[1:])
        return _tree_of(wanted)

    def snapshot(self, pids: Sequence[int]) -> HostSnapshot:
        """The three host views at once: each process's stat, status and cmdline read once
        (`_Reads`), the tree built from the demo's own processes and their ancestors (a demo
        process's children are in its container, so `docker top` listed them already)."""
        reads = _Reads(self._proc)
        return HostSnapshot(
            ps=tuple(row for row in (reads.ps_row(pid) for pid in pids) if row is not None),
            tree=_ancestry_tree(pids, reads),
            pid_map=tuple(
                PidMapEntry(host_pid=ns[0], ns_pid=ns[-1], cmd=reads.args(pid))
                for pid in pids
                if (ns := reads.nspid(pid))
            ),
        )

    def pid_map(self, pids: Sequence[int]) -> list[PidMapEntry]:
        entries = []
        for pid in pids:
            ns_pids = self._nspid(pid)
            if not ns_pids:
                continue
            entries.append(PidMapEntry(host_pid=ns_pids[0], ns_pid=ns_pids[-1], cmd=_args(pid)))
        return entries

    def pid_namespace(self, pid: int) -> str:
        try:
            return os.readlink(self._proc / str(pid) / "ns" / "pid")
        except OSError:
            return "unknown"

    def own_pid_namespace(self) -> str:
        """The tutor's own PID namespace: the host's, when it runs on the host or --pid=host."""
        try:
            return os.readlink(self._proc / "self" / "ns" / "pid")
        except OSError:
            return "unknown"

    def kernel_release(self) -> str:
        return os.uname().release

    def parent(self, pid: int) -> tuple[int, str]:
        try:
            parent = psutil.Process(pid).parent()
            return (parent.pid, parent.name()) if parent else (0, "")
        except psutil.Error:
            return 0, ""

    def _nspid(self, pid: int) -> list[int]:
        try:
            status = (self._proc / str(pid) / "status").read_text()
        except OSError:
            return []
        for line in status.splitlines():
            if line.startswith("NSpid:"):
                return [int(part) for part in line.split()[1:]]
        return []


@dataclass(frozen=True)
class _Proc:
    """What /proc/PID/stat, status and cmdline say of one process, each file read once."""

    pid: int
    name: str
    state: str
    ppid: int
    session: int
    ticks: int
    """User plus system CPU time, in clock ticks."""
    started: int
    """Clock ticks after boot."""
    vsz_kib: int
    rss_kib: int
    uid: int
    nspid: tuple[int, ...]
    args: str


class _Reads:
    """Each process's /proc entries read at most once, for one view set: stat, status and
    cmdline, one read each, whatever the views ask of them."""

    def __init__(self, proc: Path) -> None:
        self._proc = proc
        self._seen: dict[int, _Proc | None] = {}
        self._users: dict[int, str] = {}

    def get(self, pid: int) -> _Proc | None:
        if pid not in self._seen:
            self._seen[pid] = _read_proc(self._proc / str(pid), pid)
        return self._seen[pid]

    def args(self, pid: int) -> str:
        found = self.get(pid)
        return found.args if found else "?"

    def node(self, pid: int) -> tuple[int, str, str] | None:
        """(ppid, name, args), or None for a process that is gone."""
        found = self.get(pid)
        return (found.ppid, found.name, found.args) if found else None

    def nspid(self, pid: int) -> list[int]:
        found = self.get(pid)
        return list(found.nspid) if found else []

    def ps_row(self, pid: int) -> HostProcess | None:
        found = self.get(pid)
        if found is None:
            return None
        created = psutil.boot_time() + found.started / _TICKS
        cpu_seconds = found.ticks / _TICKS
        elapsed = max(time.time() - created, 0.01)
        return HostProcess(
            user=self._user(found.uid),
            uid=found.uid,
            pid=pid,
            ppid=found.ppid,
            cpu_percent=round(100 * cpu_seconds / elapsed, 1),
            mem_percent=round(100 * found.rss_kib * 1024 / _total_memory(), 1),
            vsz_kib=found.vsz_kib,
            rss_kib=found.rss_kib,
            stat=found.state + ("s" if found.session == pid else ""),
            start=_start(created),
            time=f"{int(cpu_seconds // 60)}:{int(cpu_seconds % 60):02d}",
            command=found.args,
        )

    def _user(self, uid: int) -> str:
        if uid not in self._users:
            try:
                self._users[uid] = pwd.getpwuid(uid).pw_name
            except KeyError:
                self._users[uid] = str(uid)
        return self._users[uid]


_TICKS = os.sysconf("SC_CLK_TCK")


def _kib(value: str | None) -> int:
    """`"  1808 kB"` → 1808; a kernel thread has no memory lines: 0."""
    return int(value.split()[0]) if value and value.split() else 0


@functools.cache
def _total_memory() -> int:
    return int(psutil.virtual_memory().total)


def _read_proc(folder: Path, pid: int) -> _Proc | None:
    try:
        stat = (folder / "stat").read_bytes().decode("utf-8", errors="replace")
        status = (folder / "status").read_bytes().decode("utf-8", errors="replace")
        cmdline = (folder / "cmdline").read_bytes()
    except OSError:
        return None
    name = stat[stat.find("(") + 1 : stat.rfind(")")]
    fields = stat[stat.rfind(")") + 2 :].split()
    lines = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    words = [w.decode("utf-8", errors="replace") for w in cmdline.split(b"\0") if w]
    args = " ".join(words) or f"[{name}]"
    try:
        return _Proc(
            pid=pid,
            name=name,
            state=fields[0],
            ppid=int(fields[1]),
            session=int(fields[3]),
            ticks=int(fields[11]) + int(fields[12]),
            started=int(fields[19]),
            vsz_kib=_kib(lines.get("VmSize")),
            rss_kib=_kib(lines.get("VmRSS")),
            uid=int(lines.get("Uid", "0").split()[0]),
            nspid=tuple(int(part) for part in lines.get("NSpid", str(pid)).split()),
            args=args if len(args) <= MAX_ARGS else args[: MAX_ARGS - 1] + "…",
        )
    except (IndexError, ValueError):
        return None


def _ancestry_tree(pids: Sequence[int], reads: _Reads) -> ProcNode:
    wanted: dict[int, tuple[int, str, str]] = {}
    for pid in pids:
        current = pid
        while current > 0 and current not in wanted:
            node = reads.node(current)
            if node is None:
                break
            wanted[current] = node
            current = node[0]
    return _tree_of(wanted)


def _start(created: float) -> str:
    moment = datetime.fromtimestamp(created)
    if time.time() - created < 24 * 3600:
        return moment.strftime("%H:%M")
    return moment.strftime("%b%d")


def _args(pid: int) -> str:
    try:
        process = psutil.Process(pid)
        args = " ".join(process.cmdline()) or f"[{process.name()}]"
    except psutil.Error:
        return "?"
    return args if len(args) <= MAX_ARGS else args[: MAX_ARGS - 1] + "…"


def _lineage(pid: int) -> list[tuple[int, int, str, str]]:
    """(pid, ppid, name, args) from `pid` up to the first process."""
    chain = []
    try:
        process: psutil.Process | None = psutil.Process(pid)
        while process is not None:
            chain.append((process.pid, process.ppid(), process.name(), _args(process.pid)))
            process = process.parent()
    except psutil.Error:
        pass
    return chain


def _descendants(pid: int) -> list[tuple[int, int, str, str]]:
    try:
        kids = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []
    found = []
    for kid in kids:
        try:
            found.append((kid.pid, kid.ppid(), kid.name(), _args(kid.pid)))
        except psutil.Error:
            continue
    return found


def _tree_of(wanted: dict[int, tuple[int, str, str]]) -> ProcNode:
    """pid → (ppid, name, args) as a tree; several roots hang under one placeholder."""
    if not wanted:
        return ProcNode(pid=0, name="?", args="(the processes are gone)")
    children: dict[int, list[int]] = {}
    roots = []
    for pid, (ppid, _name, _args) in wanted.items():
        if ppid in wanted and ppid != pid:
            children.setdefault(ppid, []).append(pid)
        else:
            roots.append(pid)

    def build(pid: int) -> ProcNode:
        _ppid, name, args = wanted[pid]
        kids = tuple(build(kid) for kid in sorted(children.get(pid, [])))
        return ProcNode(pid=pid, name=name, args=args, children=kids)

    if len(roots) == 1:
        return build(roots[0])
    return ProcNode(pid=0, name="?", args="", children=tuple(build(r) for r in sorted(roots)))
