"""The `Shell` port on a real engine: a learner's text, as `/bin/sh -c`, inside one container.

It goes through the engine's exec API with a raw socket, so this module, not the engine,
decides when the command ends: after `timeout` seconds or past `max_output` bytes. The exec
runs with the container's own user (root inside for nginx) and its own capability set (the
few the recipe adds back after dropping ALL, with no-new-privileges), so `kill 1` still
ends the container's main process. Nothing here reaches the host's shell.

After every command, processes it left behind (background jobs, `setsid` escapes, a fork
bomb's children) are ended: the container is frozen (`docker pause`, the cgroup freezer, so
nothing forks meanwhile), every process that was not there before the command is sent
SIGKILL, and the container is thawed.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import struct
import time
from pathlib import Path
from typing import Any

import docker.errors
import psutil

from bot.core.demo.ports import SandboxError
from bot.core.shell.models import ShellRun
from bot.sandbox.engine_errors import engine_errors
from bot.sandbox.runner import DockerSandbox

SHELL = "/bin/sh"
TOP_ARGS = "-eo pid,ppid,args"
HEADER = struct.Struct(">BxxxL")
PID_WAIT_SECONDS = 2.0
EXIT_WAIT_SECONDS = 2.0
SWEEP_SECONDS = 3.0
"""How long a sweep may go on ending what a command left (rounds take ~0.1 s each)."""
FREEZE_TRIES = 3

Process = tuple[int, int, str]
"""A process in the container as the host sees it: host PID, host parent PID, command."""


class DockerShell:
    def __init__(self, sandbox: DockerSandbox) -> None:
        self._sandbox = sandbox

    def run(self, container_id: str, text: str, *, timeout: float, max_output: int) -> ShellRun:
        api = self._sandbox.client.api
        started = time.monotonic()
        deadline = started + timeout
        with engine_errors():
            before = processes(api, container_id)
            exec_id = api.exec_create(
                container_id, [SHELL, "-c", text], stdout=True, stderr=True, tty=False
            )["Id"]
            stream = api.exec_start(exec_id, socket=True)
        try:
            host_pid = _host_pid(api, exec_id)
            parent_pid, parent_name = _parent(host_pid) or _main_parent(api, container_id)
            output, cut, timed_out = _read(_raw(stream), deadline=deadline, limit=max_output)
        finally:
            stream.close()
        ended = end_strays(api, container_id, before)
        finished = not (cut or timed_out)
        return ShellRun(
            output=output.decode("utf-8", errors="replace"),
            exit_code=_exit_code(api, exec_id) if finished else None,
            timed_out=timed_out,
            cut=cut,
            host_pid=host_pid,
            parent_pid=parent_pid,
            parent_name=parent_name,
            seconds=round(time.monotonic() - started, 3),
            leftovers=ended if finished else 0,
            container_exited=not _running(api, container_id),
        )


def end_strays(api: Any, container_id: str, before: list[Process]) -> int:
    """End every process that was not in `before` (what a command or a terminal session
    started and left) and is still there; return how many. In rounds, for up to
    SWEEP_SECONDS, each with the container frozen when the freezer manages it.

    From the host when the tutor may signal them (it runs as root); otherwise, once the
    container is thawed, by a `kill -KILL` exec'd inside with their PIDs there (the
    container's root may signal its own processes)."""
    known = {pid for pid, _, _ in before}
    shapes = {(ppid, args) for _, ppid, args in before}
    ended: set[int] = set()
    deadline = time.monotonic() + SWEEP_SECONDS
    while time.monotonic() < deadline:
        if not _running(api, container_id):
            break  # `kill 1`: the kernel ended every process of the namespace with it
        if not any(_stray(p, known, shapes) for p in processes(api, container_id)):
            break
        refused: list[int] = []
        with _Frozen(api, container_id):
            for process in processes(api, container_id):
                if _stray(process, known, shapes):
                    ended.add(process[0])
                    if not _kill(process[0]):
                        refused.append(process[0])
        if refused:
            _kill_inside(api, container_id, refused)
    return len(ended)


def _stray(process: Process, known: set[int], shapes: set[tuple[int, str]]) -> bool:
    """New since the command began, and not the demo replacing its own (nginx's master
    starts a fresh worker when one dies: same parent, same command line)."""
    pid, ppid, args = process
    return pid not in known and (ppid, args) not in shapes


def processes(api: Any, container_id: str) -> list[Process]:
    try:
        with engine_errors():
            result = api.top(container_id, ps_args=TOP_ARGS)
    except SandboxError:
        return []
    titles = list(result.get("Titles") or ())
    try:
        pid_at, ppid_at = titles.index("PID"), titles.index("PPID")
    except ValueError:
        return []
    found = []
    for row in result.get("Processes") or ():
        cells = [str(cell) for cell in row]
        if cells[pid_at].isdigit() and cells[ppid_at].isdigit():
            found.append((int(cells[pid_at]), int(cells[ppid_at]), cells[-1]))
    return found


def _running(api: Any, container_id: str) -> bool:
    try:
        state = api.inspect_container(container_id).get("State", {})
    except docker.errors.NotFound:
        return False
    return bool(state.get("Running")) and not state.get("Paused")


class _Frozen:
    """The container paused (cgroup freezer) for the duration, so nothing in it can fork,
    when the freezer manages it: a fork bomb in full swing can make the freeze fail
    ("unable to freeze"). Then this round kills without freezing; the forks the pids limit
    still allows are caught by the next rounds, so a failed freeze never ends the sweep."""

    def __init__(self, api: Any, container_id: str) -> None:
        self._api = api
        self._id = container_id
        self._frozen = False

    def __enter__(self) -> None:
        for _ in range(FREEZE_TRIES):
            try:
                with engine_errors():
                    self._api.pause(self._id)
            except SandboxError:
                continue
            self._frozen = True
            return

    def __exit__(self, *exc_info: object) -> None:
        if not self._frozen:
            return
        try:
            self._api.unpause(self._id)
        except docker.errors.APIError:
            pass  # it exited meanwhile: nothing left to thaw


def _kill(pid: int) -> bool:
    """SIGKILL from the host; False when the tutor may not signal that process."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return True


def _kill_inside(api: Any, container_id: str, host_pids: list[int]) -> None:
    inside = [str(pid) for pid in map(_pid_inside, host_pids) if pid > 1]
    if not inside:
        return
    with engine_errors():
        exec_id = api.exec_create(container_id, ["kill", "-KILL", *inside])["Id"]
        api.exec_start(exec_id)


def _pid_inside(host_pid: int) -> int:
    """The last NSpid field: the PID in the container's namespace (/proc is world-readable)."""
    try:
        status = Path(f"/proc/{host_pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("NSpid:"):
            return int(line.split()[-1])
    return 0


def _host_pid(api: Any, exec_id: str) -> int:
    """The exec's PID on the host; the engine fills it in once the process has started."""
    deadline = time.monotonic() + PID_WAIT_SECONDS
    while True:
        with engine_errors():
            pid = int(api.exec_inspect(exec_id).get("Pid") or 0)
        if pid or time.monotonic() > deadline:
            return pid
        time.sleep(0.005)


def _parent(pid: int) -> tuple[int, str] | None:
    try:
        parent = psutil.Process(pid).parent()
        return (parent.pid, parent.name()) if parent else None
    except psutil.Error:
        return None  # already gone: a quick command ends before we look


def _main_parent(api: Any, container_id: str) -> tuple[int, str]:
    """An exec's parent is the container's containerd-shim, which is its main process's."""
    with engine_errors():
        main = int(api.inspect_container(container_id).get("State", {}).get("Pid") or 0)
    return _parent(main) or (0, "") if main else (0, "")


def _raw(stream: Any) -> socket.socket:
    raw = getattr(stream, "_sock", stream)
    assert isinstance(raw, socket.socket)
    return raw


def _read(raw: socket.socket, *, deadline: float, limit: int) -> tuple[bytes, bool, bool]:
    """Payload of the engine's multiplexed stream (stdout and stderr interleaved) until it
    closes, passes `limit` bytes (cut) or `deadline` (timed out)."""
    buffer = b""
    output = bytearray()
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return bytes(output), False, True
        ready, _, _ = select.select([raw], [], [], left)
        if not ready:
            continue
        chunk = raw.recv(65536)
        if not chunk:
            return bytes(output), False, False
        buffer += chunk
        while len(buffer) >= HEADER.size:
            _kind, size = HEADER.unpack_from(buffer)
            if len(buffer) < HEADER.size + size:
                break
            output += buffer[HEADER.size : HEADER.size + size]
            buffer = buffer[HEADER.size + size :]
        if len(output) > limit:
            return bytes(output[:limit]), True, False


def _exit_code(api: Any, exec_id: str) -> int | None:
    deadline = time.monotonic() + EXIT_WAIT_SECONDS
    while True:
        with engine_errors():
            inspected = api.exec_inspect(exec_id)
        if not inspected.get("Running") or time.monotonic() > deadline:
            code = inspected.get("ExitCode")
            return int(code) if code is not None else None
        time.sleep(0.01)
