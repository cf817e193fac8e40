"""The host's view of processes, read with psutil and /proc (the `HostInspector` port).

Only PIDs that the engine reported for a tutor container are ever passed here; the
functions read, they never signal or change a process.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import psutil

from bot.core.demo.models import HostProcess, HostSnapshot, PidMapEntry, ProcNode

MAX_ARGS = 200
_STATUS = {
    psutil.STATUS_RUNNING: "R",
    psutil.STATUS_SLEEPING: "S",
    psutil.STATUS_DISK_SLEEP: "D",
    psutil.STATUS_STOPPED: "T",
    psutil.STATUS_TRACING_STOP: "t",
    psutil.STATUS_ZOMBIE: "Z",
    psutil.STATUS_DEAD: "X",
    psutil.STATUS_IDLE: "I",
}


class ProcHost:
    """Reads the host's process table; `proc` is where procfs is mounted."""

    def __init__(self, *, proc: Path = Path("/proc")) -> None:
        self._proc = proc

    def ps(self, pids: Sequence[int]) -> list[HostProcess]:
        rows = []
        for pid in pids:
            row = _ps_row(pid)
            if row is not None:
                rows.append(row)
        return rows

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
        """The three host views at once: each process's stat, status and cmdline read once,
        the tree built from the demo's own processes and their ancestors (a demo process's
        children are in its container, so `docker top` listed them already)."""
        reads = _Reads(self._proc)
        return HostSnapshot(
            ps=tuple(row for row in (_ps_row(pid, reads) for pid in pids) if row is not None),
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


class _Reads:
    """Each process's /proc entries read at most once, for one view set."""

    def __init__(self, proc: Path) -> None:
        self._proc = proc
        self._args: dict[int, str] = {}
        self._nodes: dict[int, tuple[int, str, str] | None] = {}

    def args(self, pid: int) -> str:
        if pid not in self._args:
            self._args[pid] = _args(pid)
        return self._args[pid]

    def node(self, pid: int) -> tuple[int, str, str] | None:
        """(ppid, name, args), or None for a process that is gone."""
        if pid not in self._nodes:
            try:
                process = psutil.Process(pid)
                with process.oneshot():
                    self._nodes[pid] = (process.ppid(), process.name(), self.args(pid))
            except psutil.Error:
                self._nodes[pid] = None
        return self._nodes[pid]

    def nspid(self, pid: int) -> list[int]:
        try:
            status = (self._proc / str(pid) / "status").read_text()
        except OSError:
            return []
        for line in status.splitlines():
            if line.startswith("NSpid:"):
                return [int(part) for part in line.split()[1:]]
        return []


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


def _ps_row(pid: int, reads: _Reads | None = None) -> HostProcess | None:
    try:
        process = psutil.Process(pid)
        with process.oneshot():
            uid = process.uids().real
            try:
                user = process.username()
            except (KeyError, psutil.Error):
                user = str(uid)
            times = process.cpu_times()
            created = process.create_time()
            memory = process.memory_info()
            cpu_seconds = times.user + times.system
            elapsed = max(time.time() - created, 0.01)
            return HostProcess(
                user=user,
                uid=uid,
                pid=pid,
                ppid=process.ppid(),
                cpu_percent=round(100 * cpu_seconds / elapsed, 1),
                mem_percent=round(process.memory_percent(), 1),
                vsz_kib=memory.vms // 1024,
                rss_kib=memory.rss // 1024,
                stat=_stat(process, pid),
                start=_start(created),
                time=f"{int(cpu_seconds // 60)}:{int(cpu_seconds % 60):02d}",
                command=reads.args(pid) if reads is not None else _args(pid),
            )
    except psutil.Error:
        return None


def _stat(process: psutil.Process, pid: int) -> str:
    letter = _STATUS.get(process.status(), "?")
    try:
        if os.getsid(pid) == pid:
            letter += "s"
    except OSError:
        pass
    return letter


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
