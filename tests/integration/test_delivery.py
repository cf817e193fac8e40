"""Replies that meet Slack errors are kept, retried, held and delivered: the real Web API
client against the Slack stand-in failing on purpose, with the outbox in a real database."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.slack.app import web_client
from bot.slack.delivery import Delivery
from bot.store.outbox import SqlOutbox
from bot.store.sql import SqlProgressStore
from testkit.standin import SlackStandIn

TOKEN = "xoxb-delivery-test"


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(signing_secret="delivery-secret-0123456789", bot_token=TOKEN) as standin:
        yield standin


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def delivery(slack: SlackStandIn, database: Path, clock: Clock | None = None) -> Delivery:
    outbox = SqlOutbox(SqlProgressStore(f"sqlite:///{database}"))
    client = web_client(token=TOKEN, base_url=slack.api_url)
    return Delivery(client, outbox, now=clock or Clock())


def posted(slack: SlackStandIn, text: str) -> int:
    return sum(
        1 for call in slack.calls("chat.postMessage") if call.ok and call.args.get("text") == text
    )


def test_a_reply_that_meets_a_minute_of_500s_is_kept_and_sent_later(
    slack: SlackStandIn, tmp_path: Path
) -> None:
    slack.fail_next("chat.postMessage", status=500, times=3)  # outlasts the client's retries
    sender = delivery(slack, tmp_path / "t.db")
    assert asyncio.run(sender.call("U1", "chat.postMessage", channel="D1", text="views")) is None
    assert posted(slack, "views") == 0
    assert asyncio.run(sender.retry_due()) == 1
    assert posted(slack, "views") == 1
    assert asyncio.run(sender.retry_due()) == 0  # delivered once, gone from the outbox


def test_four_429s_in_a_row_are_kept_and_retry_after_is_honoured(
    slack: SlackStandIn, tmp_path: Path
) -> None:
    clock = Clock()
    sender = delivery(slack, tmp_path / "t.db", clock)
    first = asyncio.run(sender.call("U1", "chat.postMessage", channel="D1", text="Creating…"))
    assert first is not None
    slack.fail_next("chat.update", status=429, retry_after=1, times=8)  # 4 calls each
    update = {"channel": first["channel"], "ts": first["ts"], "text": "views"}
    assert asyncio.run(sender.call("U1", "chat.update", **update)) is None
    assert asyncio.run(sender.retry_due()) == 0  # 429s again: due after Retry-After
    assert asyncio.run(sender.retry_due()) == 0  # not yet due
    clock.now += timedelta(seconds=2)
    assert asyncio.run(sender.retry_due()) == 1
    assert slack.messages(first["channel"])[-1]["text"] == "views"


def test_a_reply_kept_by_a_killed_process_is_sent_by_the_next_one(
    slack: SlackStandIn, tmp_path: Path
) -> None:
    slack.fail_next("chat.postMessage", status=503, times=3)
    asyncio.run(
        delivery(slack, tmp_path / "t.db").call("U1", "chat.postMessage", channel="D1", text="kept")
    )
    assert asyncio.run(delivery(slack, tmp_path / "t.db").retry_due()) == 1
    assert posted(slack, "kept") == 1


def test_past_the_window_a_reply_is_held_for_the_learners_next_visit(
    slack: SlackStandIn, tmp_path: Path
) -> None:
    clock = Clock()
    sender = delivery(slack, tmp_path / "t.db", clock)
    slack.fail_next("chat.postMessage", status=500, times=6)
    asyncio.run(sender.call("U1", "chat.postMessage", channel="D1", text="late"))
    clock.now += timedelta(minutes=3)
    assert asyncio.run(sender.retry_due()) == 0  # still failing, and the window is over: held
    assert asyncio.run(sender.retry_due()) == 0  # held replies are not retried in the loop
    assert asyncio.run(sender.deliver_held("U2")) == 0
    assert asyncio.run(sender.deliver_held("U1")) == 1
    assert posted(slack, "late") == 1


def test_an_error_no_retry_can_fix_is_not_kept(slack: SlackStandIn, tmp_path: Path) -> None:
    slack.fail_next("chat.postMessage", status=200, error="channel_not_found")
    sender = delivery(slack, tmp_path / "t.db")
    assert asyncio.run(sender.call("U1", "chat.postMessage", channel="C0", text="x")) is None
    assert asyncio.run(sender.retry_due()) == 0
    assert asyncio.run(sender.deliver_held("U1")) == 0


def test_the_loop_stops_when_told(slack: SlackStandIn, tmp_path: Path) -> None:
    sender = delivery(slack, tmp_path / "t.db")

    async def run_then_stop() -> None:
        stop = asyncio.Event()
        loop = asyncio.create_task(sender.run(stop))
        await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(loop, 2)

    asyncio.run(run_then_stop())
