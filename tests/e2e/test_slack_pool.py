"""A learner's `run` in Slack answered from the warm pool: the real bot, engine and stand-in."""

from __future__ import annotations

import json
import signal
import time
import urllib.request
from typing import Any

import pytest

from tests.conftest import OURS
from tests.e2e.conftest import Bot
from tests.e2e.slack_text import block_text

DM = "DU1"
pytestmark = pytest.mark.bot_env(DEMO_POOL_SIZE="1", DEMO_MAX_LIVE="4")


def pooled(bot: Bot) -> int:
    health = bot.url.replace("/slack/events", "/healthz")
    with urllib.request.urlopen(health, timeout=2) as answer:
        return int(json.loads(answer.read())["demos_pooled"])


def test_run_is_answered_by_a_container_started_ahead_and_shutdown_removes_every_one(
    bot: Bot, engine: Any
) -> None:
    deadline = time.monotonic() + 60
    while pooled(bot) < 2:  # one nginx, one busybox
        assert time.monotonic() < deadline, "the warm pool did not fill"
        time.sleep(0.2)
    assert bot.slack.send_command(bot.url, text="run", channel_id="C1").status == 200
    final = bot.slack.wait_for_call(
        "chat.update",
        timeout=60,
        where=lambda c: (
            c.args.get("channel") == DM and "nginx: master process" in block_text(c.args["blocks"])
        ),
    )
    text = block_text(final.args["blocks"])
    assert "started ahead of time" in text
    assert "the engine's clock" in text
    assert engine.containers.list(filters=OURS)  # the learner's demo and the spares
    bot.process.send_signal(signal.SIGTERM)
    bot.process.wait(60)
    assert not engine.containers.list(all=True, filters=OURS)
