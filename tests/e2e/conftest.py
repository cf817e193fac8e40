"""Run the real bot (`container-tutor serve`) against the Slack stand-in, over HTTP."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from testkit.standin import SlackStandIn

ROOT = Path(__file__).resolve().parents[2]
SECRET = "e2e-signing-secret-0123456789"
TOKEN = "xoxb-e2e-bot-token"


@dataclass
class Bot:
    url: str
    process: subprocess.Popen[str]
    slack: SlackStandIn
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(base: str, process: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the bot exited: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the bot did not become healthy: {log.read_text()}")


def serve_env(api_url: str, database: Path) -> dict[str, str]:
    """The environment of a bot in HTTP mode against the stand-in at `api_url`."""
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        "DEMO_MAX_LIVE": "4",
        "DEMO_POOL_SIZE": "0",  # these tests follow a demo created on request
        "DATABASE_URL": f"sqlite:///{database}",
    }
    env.pop("SLACK_APP_TOKEN", None)
    return env


def spawn_serve(*, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[str]:
    """`container-tutor serve` on 127.0.0.1:`port`, its output (both streams) in `log`."""
    with log.open("w") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
        )


@pytest.fixture
def bot(
    request: pytest.FixtureRequest, tmp_path: Path, engine: object, images: None, leftovers: None
) -> Iterator[Bot]:
    with SlackStandIn(signing_secret=SECRET, bot_token=TOKEN) as slack:
        port = free_port()
        env = serve_env(slack.api_url, tmp_path / "tutor.db")
        for marker in request.node.iter_markers("bot_env"):
            env.update(marker.kwargs)
        log = tmp_path / "bot.log"
        process = spawn_serve(port=port, env=env, log=log)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base, process, log)
            yield Bot(url=f"{base}/slack/events", process=process, slack=slack, log=log)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()
        assert TOKEN not in log.read_text() and SECRET not in log.read_text()
