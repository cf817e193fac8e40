"""Start the tutor (`python -m bot serve`) or the bare Bolt app against a Slack stand-in.

Each server is its own subprocess on 127.0.0.1, started the way a user starts it, with the
stand-in as its Slack and a throwaway SQLite progress store; a bench waits for `/healthz`,
reads the server's CPU time around a load, and stops it with SIGTERM (then SIGKILL).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

import psutil

from bench.harness.bare_app import EVENTS_PATH, HOST
from testkit.standin import SlackStandIn

REPO = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 90.0
STOP_TIMEOUT = 30.0

Side = Literal["bare", "tutor"]


@dataclass
class Server:
    side: str
    process: subprocess.Popen[bytes]
    port: int
    log: IO[bytes]

    @property
    def events_url(self) -> str:
        return f"http://{HOST}:{self.port}{EVENTS_PATH}"

    @property
    def health_url(self) -> str:
        return f"http://{HOST}:{self.port}/healthz"

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far."""
        times = psutil.Process(self.process.pid).cpu_times()
        return float(times.user + times.system)

    def log_tail(self, size: int = 1500) -> str:
        self.log.flush()
        self.log.seek(0, os.SEEK_END)
        end = self.log.tell()
        self.log.seek(max(end - size, 0))
        return self.log.read().decode("utf-8", errors="replace")

    def log_lines(self) -> int:
        self.log.flush()
        self.log.seek(0)
        return sum(1 for _ in self.log)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def server_env(
    slack: SlackStandIn, scratch: Path, *, max_live: int, extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The servers' environment: the stand-in's Slack, and a throwaway progress store (the
    tutor keeps every learner it hears from; the bench's users must not reach a real one);
    `extra` (a bench's own settings, e.g. DEMO_POOL_SIZE) last."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "DEMO_")) and key not in ("DATABASE_URL", "PORT")
    }
    env.update(
        SLACK_BOT_TOKEN=slack.bot_token,
        SLACK_SIGNING_SECRET=slack.signing_secret,
        SLACK_API_URL=slack.api_url,
        DATABASE_URL=f"sqlite:///{scratch / 'progress.db'}",
        DEMO_MAX_LIVE=str(max_live),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra or {})
    return env


def start_server(
    side: Side,
    slack: SlackStandIn,
    scratch: Path,
    *,
    max_live: int,
    extra: Mapping[str, str] | None = None,
) -> Server:
    """The tutor or the bare app on a free port, its output kept in a temporary file."""
    port = free_port()
    if side == "tutor":
        args = ["-m", "bot", "serve", "--host", HOST, "--port", str(port)]
    else:
        args = ["-m", "bench.harness.bare_app", str(port)]
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop_server
    process = subprocess.Popen(
        [sys.executable, *args],
        cwd=REPO,
        env=server_env(slack, scratch, max_live=max_live, extra=extra),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return Server(side=side, process=process, port=port, log=log)


def wait_ready(server: Server) -> dict[str, Any]:
    """The server's first `/healthz` answer; raise with its log if it exits or never answers."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"the {server.side} server exited ({server.process.returncode}) before it was "
                f"ready:\n{server.log_tail()}"
            )
        health = health_of(server)
        if health is not None:
            return health
        time.sleep(0.2)
    raise RuntimeError(f"the {server.side} server was not ready in {READY_TIMEOUT:.0f} s")


def health_of(server: Server) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(server.health_url, timeout=2) as answer:
            found = json.loads(answer.read())
            return found if isinstance(found, dict) else {}
    except (OSError, ValueError):
        return None


def stop_server(server: Server) -> str:
    """SIGTERM, then SIGKILL after STOP_TIMEOUT; how the process ended."""
    process = server.process
    try:
        if process.poll() is not None:
            return f"had exited ({process.returncode})"
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
            return f"exit {process.returncode} {time.monotonic() - started:.1f} s after SIGTERM"
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)
            return f"killed: still running {STOP_TIMEOUT:.0f} s after SIGTERM"
    finally:
        server.log.close()
