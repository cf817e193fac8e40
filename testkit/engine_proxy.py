"""A Docker engine that can be taken away and brought back, without touching the real one.

A unix socket this process owns, forwarding every connection to the real engine's socket.
`stop` closes it and every connection through it, so whoever points DOCKER_HOST here sees
the engine gone (as when dockerd stops); `start` brings it back on the same path. The
shared engine keeps running for everyone else.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from pathlib import Path

DEFAULT_ENGINE = "/var/run/docker.sock"
CHUNK = 65536


def real_engine_socket() -> str:
    host = os.environ.get("DOCKER_HOST", "")
    return host.removeprefix("unix://") if host.startswith("unix://") else DEFAULT_ENGINE


class EngineProxy:
    """`unix://<path>` in front of the real engine; a context manager that starts it."""

    def __init__(self, path: Path, *, engine: str | None = None) -> None:
        self.path = path
        self._engine = engine or real_engine_socket()
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    @property
    def docker_host(self) -> str:
        return f"unix://{self.path}"

    def __enter__(self) -> EngineProxy:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(self.path))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        """The engine is gone: no new connections, and the open ones are cut."""
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
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
            upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                upstream.connect(self._engine)
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
