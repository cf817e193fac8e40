"""Fault cases run the real `serve` process, the real engine and a Slack stand-in that fails
on purpose (`SlackStandIn.fail_next`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from testkit.served import SECRET, TOKEN, ServedBot
from testkit.standin import SlackStandIn

Serve = Callable[..., ServedBot]


@pytest.fixture
def serve(tmp_path: Path, engine: object, images: None, leftovers: None) -> Iterator[Serve]:
    """`serve(DEMO_MAX_LIVE="1", ...)` starts the bot with those settings."""
    bots: list[ServedBot] = []
    with SlackStandIn(signing_secret=SECRET, bot_token=TOKEN) as slack:

        def start(**settings: str) -> ServedBot:
            bot = ServedBot(slack=slack, workdir=tmp_path, settings=settings)
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
        assert TOKEN not in output and SECRET not in output
