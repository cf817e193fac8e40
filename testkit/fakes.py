"""Fakes that implement the core's ports, for unit tests without Docker or /proc."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from typing import Literal

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.course import Demo
from bot.core.demo.models import (
    ContainerRef,
    DemoViews,
    HostProcess,
    HostSnapshot,
    Kernel,
    Namespaces,
    PidMapEntry,
    ProcNode,
    Table,
)
from bot.core.demo.ports import SandboxError
from bot.core.demo.service import DemoService
from bot.core.tutor import Tutor
from bot.wiring import course_from


class FakeSandbox:
    """An engine in memory: each container has a main process and two workers."""

    def __init__(self, *, fail_start: str | None = None) -> None:
        self.containers: dict[str, ContainerRef] = {}
        self.pids: dict[str, list[int]] = {}
        self.started: list[str] = []
        self.fail_start = fail_start
        self._ids = itertools.count(1)
        self._pids = itertools.count(1000, 10)
        self._lock = threading.Lock()

    def start(self, demo: Demo, *, owner: str, ttl_seconds: float) -> ContainerRef:
        if self.fail_start:
            raise SandboxError(self.fail_start)
        with self._lock:
            number = next(self._ids)
            main = next(self._pids)
        ref = ContainerRef(
            id=f"c{number}",
            name=f"demo-{number}",
            image=demo.image,
            state="running",
            owner=owner,
            demo=demo.id,
            expires=ttl_seconds,
            main_pid=main,
        )
        with self._lock:
            self.containers[ref.id] = ref
            self.pids[ref.id] = [main, main + 1, main + 2]
            self.started.append(ref.id)
        return ref

    def get(self, container_id: str) -> ContainerRef | None:
        return self.containers.get(container_id)

    def top(self, container_id: str, *, shape: Literal["ef", "aux"]) -> Table:
        rows = tuple(("root", str(pid), "1", "nginx") for pid in self.pids[container_id])
        return Table(titles=("UID", "PID", "PPID", "CMD"), rows=rows)

    def tops(self, container_id: str) -> tuple[Table, Table]:
        return self.top(container_id, shape="ef"), self.top(container_id, shape="aux")

    def run_inside(self, container_id: str, command: Sequence[str]) -> str:
        if list(command) == ["uname", "-r"]:
            return "6.1.0-test\n"
        lines = ["PID PPID USER COMMAND"] + [
            f"{index + 1} 0 root {'sleep 30' if index == 3 else 'nginx'}"
            for index, _ in enumerate(self.pids[container_id])
        ]
        return "\n".join(lines) + "\n"

    def start_inside(self, container_id: str, command: Sequence[str]) -> None:
        self.pids[container_id].append(self.pids[container_id][0] + 5)

    def stop_main(self, container_id: str) -> tuple[ContainerRef, str]:
        ref = self.containers[container_id].model_copy(update={"state": "exited", "exit_code": 0})
        self.containers[container_id] = ref
        return ref, "SIGQUIT"

    def remove(self, container_id: str) -> None:
        with self._lock:
            self.containers.pop(container_id, None)

    def ours(self, *, owner: str | None = None) -> list[ContainerRef]:
        return [c for c in self.containers.values() if owner in (None, c.owner)]

    def reap_expired(self, *, now: float) -> list[str]:
        expired = [c.id for c in self.containers.values() if c.expires <= now]
        for container_id in expired:
            self.remove(container_id)
        return expired


class FakeHost:
    """A host whose processes are exactly the ones the fake sandbox reports."""

    def ps(self, pids: Sequence[int]) -> list[HostProcess]:
        return [
            HostProcess(
                user="root",
                uid=0,
                pid=pid,
                ppid=pid - 1,
                cpu_percent=0.0,
                mem_percent=0.1,
                vsz_kib=1,
                rss_kib=1,
                stat="S",
                start="10:00",
                time="0:00",
                command="nginx",
            )
            for pid in pids
        ]

    def tree(self, pids: Sequence[int]) -> ProcNode:
        kids = tuple(ProcNode(pid=pid, name="nginx", args="nginx") for pid in pids)
        shim = ProcNode(pid=900, name="containerd-shim", args="-namespace moby", children=kids)
        return ProcNode(pid=1, name="init", args="", children=(shim,))

    def pid_map(self, pids: Sequence[int]) -> list[PidMapEntry]:
        return [
            PidMapEntry(host_pid=pid, ns_pid=index + 1, cmd="nginx")
            for index, pid in enumerate(pids)
        ]

    def snapshot(self, pids: Sequence[int]) -> HostSnapshot:
        return HostSnapshot(
            ps=tuple(self.ps(pids)), tree=self.tree(pids), pid_map=tuple(self.pid_map(pids))
        )

    def pid_namespace(self, pid: int) -> str:
        return "pid:[4026532000]"

    def own_pid_namespace(self) -> str:
        return "pid:[4026531836]"

    def kernel_release(self) -> str:
        return "6.1.0-test"

    def parent(self, pid: int) -> tuple[int, str]:
        return 900, "containerd-shim"


def fake_tutor(*, sandbox: FakeSandbox | None = None, limit: int = 2) -> Tutor:
    """The real tutor and course on fake ports: no Docker, no /proc."""
    course = course_from(Settings())
    demos = DemoService(
        course=course,
        sandbox=sandbox or FakeSandbox(),
        host=FakeHost(),
        capacity=Capacity(limit),
        ttl_seconds=600,
        queue_wait=0,
    )
    return Tutor(course=course, demos=demos)


def nginx_views(*, workers: int = 2, name: str = "container-tutor-nginx-3f2a91c0") -> DemoViews:
    """The views of a real nginx demo as the engine and /proc report them: real commands,
    a long container name and as many workers as the host has cores."""
    master = 21749
    pids = [master, *range(master + 28, master + 28 + workers)]
    commands = [
        "nginx: master process nginx -g daemon off;",
        *["nginx: worker process"] * workers,
    ]
    users = ["root", *["www-data"] * workers]
    top = Table(
        titles=("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"),
        rows=tuple(
            (
                user,
                str(pid),
                str(21729 if pid == master else master),
                "0",
                "21:20",
                "?",
                "00:00:00",
                cmd,
            )
            for user, pid, cmd in zip(users, pids, commands, strict=True)
        ),
    )
    top_aux = Table(
        titles=(
            "USER",
            "PID",
            "%CPU",
            "%MEM",
            "VSZ",
            "RSS",
            "TTY",
            "STAT",
            "START",
            "TIME",
            "COMMAND",
        ),
        rows=tuple(
            (user, str(pid), "0.0", "0.1", "11452", "7424", "?", "Ss", "21:20", "0:00", cmd)
            for user, pid, cmd in zip(users, pids, commands, strict=True)
        ),
    )
    host_ps = tuple(
        HostProcess(
            user=user,
            uid=0 if user == "root" else 33,
            pid=pid,
            ppid=21729 if pid == master else master,
            cpu_percent=0.0,
            mem_percent=0.1,
            vsz_kib=11452,
            rss_kib=7424,
            stat="Ss" if pid == master else "S",
            start="21:20",
            time="0:00",
            command=cmd,
        )
        for user, pid, cmd in zip(users, pids, commands, strict=True)
    )
    kids = tuple(
        ProcNode(pid=pid, name="nginx", args=cmd)
        for pid, cmd in zip(pids[1:], commands[1:], strict=True)
    )
    shim = ProcNode(
        pid=21729,
        name="containerd-shim",
        args="-namespace moby -id e452f1c0ffee0123456789abcdef "
        "-address /run/containerd/containerd.sock",
        children=(ProcNode(pid=master, name="nginx", args=commands[0], children=kids),),
    )
    return DemoViews(
        container=ContainerRef(
            id="e452f1c0ffee",
            name=name,
            image="container-tutor/nginx:1",
            state="running",
            owner="U1",
            demo="nginx",
            expires=0,
            main_pid=master,
        ),
        top=top,
        top_aux=top_aux,
        host_ps=host_ps,
        tree=ProcNode(pid=1, name="systemd", args="/sbin/init", children=(shim,)),
        pid_map=tuple(
            PidMapEntry(host_pid=pid, ns_pid=index + 1 if index == 0 else index + 28, cmd=cmd)
            for index, (pid, cmd) in enumerate(zip(pids, commands, strict=True))
        ),
        namespaces=Namespaces(container="pid:[4026532181]", host="pid:[4026531836]"),
        kernel=Kernel(host="6.18.44-cloud-amd64", container="6.18.44-cloud-amd64"),
        seconds=0.31,
    )
