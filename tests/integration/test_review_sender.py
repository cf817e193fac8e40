"""The daily review DM: the real sender, a real SQLite file, the Slack stand-in, a moved clock."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from slack_sdk.http_retry.builtin_async_handlers import AsyncServerErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.demo.service import DemoService
from bot.core.grammar import parse
from bot.core.quiz.commands import QuizCommands
from bot.core.tutor import Tutor
from bot.slack.lookups import Lookups
from bot.slack.review_loop import send_due
from bot.slack.tasks import Tasks
from bot.store.sql import SqlProgressStore
from bot.wiring import course_from
from testkit.fakes import FakeHost, FakeSandbox
from testkit.quiz_fakes import FakeClock
from testkit.standin import SlackStandIn

TOKEN = "xoxb-review-test"
DM = "DU1"


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(signing_secret="s", bot_token=TOKEN, user_locales={"U1": "zh-TW"}) as standin:
        yield standin


def tutor_on(database: Path, clock: FakeClock) -> Tutor:
    course = course_from(Settings())
    demos = DemoService(
        course=course,
        sandbox=FakeSandbox(),
        host=FakeHost(),
        capacity=Capacity(1),
        ttl_seconds=600,
        queue_wait=0,
    )
    store = SqlProgressStore(f"sqlite:///{database}")
    return Tutor(
        course=course, demos=demos, quiz=QuizCommands(course=course, store=store, clock=clock)
    )


def statuses(database: Path) -> list[tuple[str, str | None]]:
    rows = sqlite3.connect(database).execute(
        "SELECT due_at, status FROM review_slots ORDER BY due_at"
    )
    return [(str(due)[:16], status) for due, status in rows]


def test_a_daily_review_is_sent_once_at_the_learners_time_even_across_restarts(
    slack: SlackStandIn, tmp_path: Path
) -> None:
    database = tmp_path / "tutor.db"
    clock = FakeClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))

    async def scenario() -> None:
        tutor = tutor_on(database, clock)
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        lookups = Lookups(tutor=tutor, tasks=Tasks())
        assert await lookups.lang(client, "U1") == "zh"  # keeps Slack's time zone too
        assert tutor.quiz is not None
        service = tutor.quiz.service
        shown = service.start("U1", "containers-and-vms")
        wrong = (shown.question.answer + 1) % len(shown.question.choices)
        service.answer("U1", shown.head.attempt, shown.question.id, wrong)
        reply = tutor.handle("U1", parse("review at 08:00"), lang="zh")
        assert "Europe/London" in reply.text  # type: ignore[union-attr]
        planner = tutor.quiz.planner
        assert await send_due(planner, lookups, client) == 0

        clock.at = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
        restarted = tutor_on(database, clock)  # a new process: only the file is shared
        assert restarted.quiz is not None
        again = Lookups(tutor=restarted, tasks=Tasks())
        assert await send_due(restarted.quiz.planner, again, client) == 1
        assert await send_due(restarted.quiz.planner, again, client) == 0
        assert await send_due(planner, lookups, client) == 0  # the old replica too

    asyncio.run(scenario())
    posts = [c for c in slack.calls("chat.postMessage") if c.args.get("channel") == DM]
    assert len(posts) == 1
    blocks = str(posts[0].args["blocks"])
    assert "每日複習" in blocks and "qz:answer:0" in blocks
    assert slack.calls("conversations.open")
    assert statuses(database) == [
        ("2026-03-03 08:00", "sent"),
        ("2026-03-04 08:00", None),
    ]


def test_a_review_slack_refuses_is_marked_failed_and_not_sent_again(
    slack: SlackStandIn, tmp_path: Path
) -> None:
    database = tmp_path / "tutor.db"
    clock = FakeClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))

    async def scenario() -> None:
        tutor = tutor_on(database, clock)
        assert tutor.quiz is not None
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        lookups = Lookups(tutor=tutor, tasks=Tasks())
        shown = tutor.quiz.service.start("U1", "containers-and-vms")
        wrong = (shown.question.answer + 1) % len(shown.question.choices)
        tutor.quiz.service.answer("U1", shown.head.attempt, shown.question.id, wrong)
        tutor.handle("U1", parse("review at 07:00"))
        clock.at = datetime(2026, 3, 3, 7, 0, tzinfo=UTC)
        slack.fail_next("chat.postMessage", status=200, error="channel_not_found")
        assert await send_due(tutor.quiz.planner, lookups, client) == 0
        assert await send_due(tutor.quiz.planner, lookups, client) == 0

    asyncio.run(scenario())
    assert statuses(database)[0] == ("2026-03-03 07:00", "failed")
    assert len(slack.calls("chat.postMessage")) == 1


def test_a_review_that_meets_slack_errors_goes_back_to_pending_and_is_sent_later(
    slack: SlackStandIn, tmp_path: Path
) -> None:
    database = tmp_path / "tutor.db"
    clock = FakeClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))

    async def scenario() -> None:
        tutor = tutor_on(database, clock)
        assert tutor.quiz is not None
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        client.retry_handlers.append(AsyncServerErrorRetryHandler(max_retry_count=2))
        lookups = Lookups(tutor=tutor, tasks=Tasks())
        shown = tutor.quiz.service.start("U1", "containers-and-vms")
        wrong = (shown.question.answer + 1) % len(shown.question.choices)
        tutor.quiz.service.answer("U1", shown.head.attempt, shown.question.id, wrong)
        tutor.handle("U1", parse("review at 07:00"))
        clock.at = datetime(2026, 3, 3, 7, 0, tzinfo=UTC)
        slack.fail_next("chat.postMessage", status=500, times=3)  # outlasts the retries
        assert await send_due(tutor.quiz.planner, lookups, client) == 0
        assert statuses(database)[0] == ("2026-03-03 07:02", None)  # pending, due later
        assert await send_due(tutor.quiz.planner, lookups, client) == 0  # not yet due
        clock.at = datetime(2026, 3, 3, 7, 2, tzinfo=UTC)
        assert await send_due(tutor.quiz.planner, lookups, client) == 1

    asyncio.run(scenario())
    assert statuses(database)[0] == ("2026-03-03 07:02", "sent")
    delivered = [c for c in slack.calls("chat.postMessage") if c.ok]
    assert len(delivered) == 1
