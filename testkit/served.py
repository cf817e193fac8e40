"""The real `container-tutor serve` process against the Slack stand-in, for faults and benches.

Start it with the settings a case needs, send it signed commands through the stand-in,
read what it posted to each learner's DM, stop it with SIGTERM (timed) or kill it, and
start it again on the same database. Every learner's DM is ``D<user id>``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from testkit.standin import SlackStandIn

ROOT = Path(__file__).resolve().parents[1]
SECRET = "served-signing-secret-0123456789"
TOKEN = "xoxb-served-bot-token"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def dm(user: str) -> str:
    """The stand-in opens ``D<user>`` for each learner."""
    return f"D{user}"


@dataclass
class ServedBot:
    """One `serve` process at a time, on one database, talking to one stand-in."""

    slack: SlackStandIn
    workdir: Path
    settings: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[str] | None = None
    url: str = ""
    starts: int = 0

    @property
    def log(self) -> Path:
        return self.workdir / f"bot-{self.starts}.log"

    def output(self) -> str:
        return "".join(
            (self.workdir / f"bot-{n}.log").read_text(errors="replace")
            for n in range(1, self.starts + 1)
        )

    def start(self) -> None:
        self.starts += 1
        port = free_port()
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": self.slack.api_url,
            "DATABASE_URL": f"sqlite:///{self.workdir / 'tutor.db'}",
            **self.settings,
        }
        env.pop("SLACK_APP_TOKEN", None)
        with self.log.open("w") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)],
                cwd=ROOT,
                env=env,
                stdout=sink,
                stderr=subprocess.STDOUT,
                text=True,
            )
        base = f"http://127.0.0.1:{port}"
        self._wait_healthy(base)
        self.url = f"{base}/slack/events"

    def _wait_healthy(self, base: str) -> None:
        assert self.process is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the bot exited: {self.log.read_text()}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the bot did not become healthy: {self.log.read_text()}")

    def stop(self, *, timeout: float = 60) -> float:
        """SIGTERM, then wait for the exit; the seconds it took (killed after `timeout`)."""
        process = self.process
        if process is None or process.poll() is not None:
            return 0.0
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return time.monotonic() - started

    def kill(self) -> None:
        """`kill -9`: nothing gets to finish."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()

    def command(self, user: str, text: str) -> Any:
        return self.slack.send_command(
            self.url, text=text, user_id=user, user_name=user.lower(), channel_id="C1"
        )

    def click(self, user: str, action_id: str) -> Any:
        return click_last(self.slack, self.url, user, action_id)


def click_last(slack: SlackStandIn, url: str, user: str, action_id: str) -> Any:
    """Click `action_id` on the learner's last DM message, sending it to `url`."""
    message = slack.last_message(dm(user))
    assert message is not None, f"no message in {dm(user)}"
    value = button(message, action_id)["value"]
    return slack.send_action(
        url, action_id=action_id, value=value, user_id=user, channel_id=dm(user), message=message
    )


def empty_database(url: str) -> None:
    """Drop every table a database holds, whatever schema revision left it (a scratch one)."""
    from sqlalchemy import MetaData

    from bot.store.engine import make_engine

    engine = make_engine(url)
    existing = MetaData()
    existing.reflect(engine)
    existing.drop_all(engine)
    engine.dispose()


def button(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    """The button with `action_id` in a message; fails the test when there is none."""
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return dict(element)
    raise AssertionError(f"no button {action_id} in {message}")


def text_of(blocks: Any) -> str:
    """Every text in a message's blocks, one per line."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(found)
