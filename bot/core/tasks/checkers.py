"""The checkers a task may name: each reads the learner's live demo and judges an answer.

A checker gets the live demo (read on demand, so a task costs only the engine calls its
checker makes) and what the learner typed, and returns a verdict with the expected answer,
which the feedback shows: the point is to see the real number, not to guess it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.core.demo.models import ContainerRef, PidMapEntry
from bot.core.demo.ports import HostInspector, Sandbox
from bot.core.demo.service import DemoError

KERNEL_INSIDE = ("uname", "-r")


@dataclass(frozen=True)
class Verdict:
    correct: bool
    expected: str


@dataclass(frozen=True)
class Live:
    """The learner's demo as it is now, and the ports to look further."""

    ref: ContainerRef
    sandbox: Sandbox
    host: HostInspector
    exited_from_inside: bool = False

    def running(self) -> ContainerRef:
        if self.ref.state != "running":
            raise DemoError("demo_exited", code=self.ref.exit_code)
        return self.ref

    def pids(self) -> list[int]:
        top = self.sandbox.top(self.running().id, shape="ef")
        return [int(pid) for pid in top.column("PID") if pid.isdigit()] if top.has("PID") else []

    def pid_map(self) -> list[PidMapEntry]:
        return self.host.pid_map(self.pids())


Checker = Callable[[Live, str], Verdict]


def _number(text: str) -> int | None:
    word = text.strip().rstrip(".").removeprefix("PID").strip()
    return int(word) if word.isdigit() else None


def host_pid_of_main(live: Live, answer: str) -> Verdict:
    main = next((e for e in live.pid_map() if e.ns_pid == 1), None)
    expected = main.host_pid if main is not None else live.running().main_pid
    return Verdict(_number(answer) == expected, str(expected))


def _main_inside(live: Live) -> int:
    """The PID the container's main process has inside, from the host's NSpid, live."""
    main = live.running().main_pid
    entry = next((e for e in live.pid_map() if e.host_pid == main), None)
    if entry is None:
        raise DemoError("task_not_visible")
    return entry.ns_pid


def pid_inside_of_main(live: Live, answer: str) -> Verdict:
    expected = _main_inside(live)
    return Verdict(_number(answer) == expected, str(expected))


def worker_count(live: Live, answer: str) -> Verdict:
    top = live.sandbox.top(live.running().id, shape="aux")
    column = "COMMAND" if top.has("COMMAND") else "CMD"
    workers = sum("worker process" in cmd for cmd in top.column(column)) if top.has(column) else 0
    return Verdict(_number(answer) == workers, str(workers))


def exec_parent_on_host(live: Live, answer: str) -> Verdict:
    """A process besides PID 1 whose parent is outside the container: one started by exec."""
    pids = live.pids()
    inside = set(pids)
    main = live.running().main_pid
    for pid in pids:
        if pid == main:
            continue
        parent_pid, parent_name = live.host.parent(pid)
        if parent_pid and parent_pid not in inside:
            wanted = answer.strip().lower()
            named = bool(parent_name) and wanted.startswith(parent_name[:15].lower())
            correct = named or _number(wanted) == parent_pid
            return Verdict(correct, f"{parent_name} (PID {parent_pid})")
    raise DemoError("task_needs_exec")


def container_exited_from_inside(live: Live, _answer: str) -> Verdict:
    ref = live.ref
    done = ref.state == "exited" and live.exited_from_inside and ref.exit_code == 0
    return Verdict(done, "exited, exit code 0, from inside")


def kernel_of_container(live: Live, answer: str) -> Verdict:
    expected = live.sandbox.run_inside(live.running().id, KERNEL_INSIDE).strip()
    return Verdict(answer.strip() == expected, expected)


def shell_pid_in_run_it(live: Live, answer: str) -> Verdict:
    """`run -it IMAGE sh` makes the shell the container's main process, the place the demo's
    own main process holds: the PID that process has inside, read live from the host."""
    expected = _main_inside(live)
    return Verdict(_number(answer) == expected, str(expected))


CHECKS: dict[str, Checker] = {
    "host-pid-of-main": host_pid_of_main,
    "pid-inside-of-main": pid_inside_of_main,
    "worker-count": worker_count,
    "exec-parent-on-host": exec_parent_on_host,
    "container-exited-from-inside": container_exited_from_inside,
    "kernel-of-container": kernel_of_container,
    "shell-pid-in-run-it": shell_pid_in_run_it,
}
"""One checker per name in `CHECKERS` (a test holds them equal)."""
