"""Fault tests: the real `container-tutor serve` process, the real engine, and a Slack
stand-in that fails on purpose (`SlackStandIn.fail_next`). `launch` starts the bot with
any settings changed; `serve` does the same with the ServedBot helpers of testkit."""

from __future__ import annotations

import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from testkit.served import SECRET as SERVED_SECRET
from testkit.served import TOKEN as SERVED_TOKEN
from testkit.served import ServedBot
from testkit.standin import SlackStandIn
from tests.e2e.conftest import SECRET, TOKEN, free_port, serve_env, spawn_serve

APP_TOKEN = "xapp-1-faults-app-token"


@dataclass
class Served:
    """One `serve` process: where it listens, its stand-in, and its log."""

    process: subprocess.Popen[str]
    slack: SlackStandIn
    log: Path
    port: int
    health_port: int
    env: dict[str, str] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base}/slack/events"

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def get(self, path: str, *, port: int | None = None) -> tuple[int, str]:
        """GET a path on the bot; the status and body, whatever the status."""
        url = f"http://127.0.0.1:{port or self.port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                return int(answer.status), answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def wait_exit(self, timeout: float = 30) -> int:
        return self.process.wait(timeout)


Launch = Callable[..., Served]


def wait_listening(served: Served, path: str = "/healthz", *, port: int | None = None) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if served.process.poll() is not None:
            raise RuntimeError(f"the bot exited: {served.output()}")
        try:
            served.get(path, port=port)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the bot did not start listening: {served.output()}")


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(signing_secret=SECRET, bot_token=TOKEN, app_token=APP_TOKEN) as stand_in:
        yield stand_in


@pytest.fixture
def launch(
    tmp_path: Path, slack: SlackStandIn, engine: object, images: None, leftovers: None
) -> Iterator[Launch]:
    """Start `serve` (HTTP mode unless SLACK_APP_TOKEN is given); stopped after the test."""
    started: list[Served] = []

    def start(*, wait: bool = True, port: int | None = None, **settings: str) -> Served:
        """`wait`: until /healthz answers (on HEALTH_PORT in Socket Mode)."""
        bound = port or free_port()
        health_port = free_port()
        env = serve_env(slack.api_url, tmp_path / "tutor.db")
        env.update({"HEALTH_PORT": str(health_port), **settings})
        log = tmp_path / f"bot-{len(started)}.log"
        process = spawn_serve(port=bound, env=env, log=log)
        served = Served(process, slack, log, bound, health_port, env)
        started.append(served)
        if wait:
            socket_mode = "SLACK_APP_TOKEN" in settings
            wait_listening(served, port=health_port if socket_mode else None)
        return served

    yield start
    for served in started:
        if served.process.poll() is None:
            served.process.send_signal(signal.SIGTERM)
            try:
                served.process.wait(60)
            except subprocess.TimeoutExpired:
                served.process.kill()
        text = served.output()
        assert TOKEN not in text and SECRET not in text and APP_TOKEN not in text


Serve = Callable[..., ServedBot]


@pytest.fixture
def serve(tmp_path: Path, engine: object, images: None, leftovers: None) -> Iterator[Serve]:
    """`serve(DEMO_MAX_LIVE="1", ...)` starts the bot with those settings.

    The warm pool is off unless a test turns it on: these cases are about creating, queueing
    and shutting down, which a container started ahead would skip."""
    bots: list[ServedBot] = []
    with SlackStandIn(signing_secret=SERVED_SECRET, bot_token=SERVED_TOKEN) as slack:

        def start(**settings: str) -> ServedBot:
            bot = ServedBot(
                slack=slack, workdir=tmp_path, settings={"DEMO_POOL_SIZE": "0", **settings}
            )
            bot.start()
            bots.append(bot)
            return bot

        try:
            yield start
        finally:
            for bot in bots:
                bot.stop()
    for bot in bots:
        output = bot.output()
        assert SERVED_TOKEN not in output and SERVED_SECRET not in output
