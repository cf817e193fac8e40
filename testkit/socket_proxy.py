"""A server that can be taken away and brought back, without touching the real one.

A socket this process owns, forwarding every connection to the real server: the Docker
engine's unix socket (`EngineProxy`) or a TCP server such as PostgreSQL (`TcpProxy`).
`stop` closes it and every connection through it, so whoever points at the proxy sees the
server gone (as when dockerd or PostgreSQL stops); `start` brings it back at the same
address. The shared server keeps running for everyone else.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from pathlib import Path
from typing import Self

DEFAULT_ENGINE = "/var/run/docker.sock"
CHUNK = 65536


def real_engine_socket() -> str:
    host = os.environ.get("DOCKER_HOST", "")
    return host.removeprefix("unix://") if host.startswith("unix://") else DEFAULT_ENGINE


class Proxy:
    """Forwards every connection to the real server until stopped; a context manager."""

    def __init__(self) -> None:
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        listener = self._listen()
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _listen(self) -> socket.socket:
        raise NotImplementedError

    def _upstream(self) -> socket.socket:
        raise NotImplementedError

    def _forget(self) -> None:
        """Called once the listener is closed."""

    def stop(self) -> None:
        """The engine is gone: no new connections, and the open ones are cut."""
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        self._forget()
        with self._lock:
            for connection in self._open:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = self._upstream()
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, upstream))
            pumps = [
                threading.Thread(target=self._pump, args=pair, daemon=True)
                for pair in ((client, upstream), (upstream, client))
            ]
            for pump in pumps:
                pump.start()
            threading.Thread(
                target=self._close_after, args=(pumps, client, upstream), daemon=True
            ).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(CHUNK):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)

    def _close_after(self, pumps: list[threading.Thread], *ends: socket.socket) -> None:
        for pump in pumps:
            pump.join()
        with self._lock:
            for end in ends:
                self._open.discard(end)
                end.close()


class EngineProxy(Proxy):
    """`unix://<path>` in front of the real Docker engine."""

    def __init__(self, path: Path, *, engine: str | None = None) -> None:
        super().__init__()
        self.path = path
        self._engine = engine or real_engine_socket()

    @property
    def docker_host(self) -> str:
        return f"unix://{self.path}"

    def _listen(self) -> socket.socket:
        self._forget()
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(self.path))
        return listener

    def _upstream(self) -> socket.socket:
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        upstream.connect(self._engine)
        return upstream

    def _forget(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class TcpProxy(Proxy):
    """`127.0.0.1:<port>` in front of a TCP server; the port stays the same across restarts."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        super().__init__()
        self._target = upstream
        self.port = 0

    def _listen(self) -> socket.socket:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        self.port = int(listener.getsockname()[1])
        return listener

    def _upstream(self) -> socket.socket:
        upstream = socket.create_connection(self._target, timeout=5)
        upstream.settimeout(None)  # idle pooled connections stay open, as they would direct
        return upstream
