"""The `Terminals` port on a real engine: exec and attach sockets with a pseudo-terminal.

No `docker` CLI: `shell` is the engine's exec API with `Tty` and stdin, `run -it` a
container created by `DockerSandbox.start` (hardened and policy-checked like every demo)
with a terminal, attached through the attach API. With a TTY the stream is raw bytes, not
the multiplexed frames of `sh`; the terminal's own line discipline turns Ctrl-C into SIGINT
for the foreground process inside.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import docker.errors
import requests.exceptions

from bot.core.course import Demo
from bot.core.demo.models import ContainerRef
from bot.core.demo.ports import SandboxError
from bot.sandbox.engine_errors import engine_errors
from bot.sandbox.runner import DockerSandbox
from bot.sandbox.shell import end_strays, processes

SHELL = ("/bin/sh",)


class EngineTty:
    """A raw socket to a process's terminal, and how to resize that terminal."""

    def __init__(
        self, stream: Any, resize: Any, on_close: Callable[[], object] = lambda: None
    ) -> None:
        self._stream = stream
        self._on_close = on_close
        raw = getattr(stream, "_sock", stream)
        if not isinstance(raw, socket.socket):
            raise SandboxError(
                "The engine did not hand over a terminal socket.", key="engine_no_terminal"
            )
        self._socket = raw
        self._resize = resize

    def fileno(self) -> int:
        return self._socket.fileno()

    def send(self, data: bytes) -> None:
        self._socket.sendall(data)

    def receive(self) -> bytes:
        try:
            return self._socket.recv(65536)
        except (ConnectionResetError, OSError):
            return b""

    def resize(self, rows: int, columns: int) -> None:
        try:
            self._resize(height=rows, width=columns)
        except docker.errors.APIError:
            pass  # the process ended meanwhile

    def close(self) -> None:
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._stream.close()
        self._on_close()


class DockerTerminals:
    def __init__(self, sandbox: DockerSandbox, demos: dict[str, Demo]) -> None:
        self._sandbox = sandbox
        self._demos = demos

    def exec_shell(self, container_id: str) -> EngineTty:
        api = self._sandbox.client.api
        with engine_errors():
            before = processes(api, container_id)
            exec_id = api.exec_create(
                container_id, list(SHELL), stdin=True, tty=True, environment={"TERM": "xterm"}
            )["Id"]
            stream = api.exec_start(exec_id, tty=True, socket=True)

        def resize(*, height: int, width: int) -> None:
            api.exec_resize(exec_id, height=height, width=width)

        def leave_nothing() -> None:
            """Closing the terminal ends the shell and whatever it left in the background."""
            try:
                end_strays(api, container_id, before)
            except SandboxError:
                pass  # the container is gone: nothing of the session is left either

        return EngineTty(stream, resize, on_close=leave_nothing)

    def run_shell(
        self, demo_id: str, command: tuple[str, ...], *, owner: str, ttl: float
    ) -> tuple[ContainerRef, EngineTty]:
        demo = self._demos[demo_id].model_copy(update={"command": list(command)})
        ref = self._sandbox.start(demo, owner=owner, ttl_seconds=ttl, tty=True)
        api = self._sandbox.client.api
        with engine_errors():
            stream = api.attach_socket(
                ref.id, params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
            )

        def resize(*, height: int, width: int) -> None:
            api.resize(ref.id, height=height, width=width)

        return ref, EngineTty(stream, resize)

    def state(self, container_id: str, *, exit_within: float = 0.0) -> ContainerRef | None:
        if exit_within:
            try:
                self._sandbox.client.api.wait(container_id, timeout=exit_within)
            except (docker.errors.APIError, requests.exceptions.RequestException):
                pass  # still running, or gone: `get` says which
        return self._sandbox.get(container_id)

    def remove(self, container_id: str) -> None:
        self._sandbox.remove(container_id)
