"""`run` at a full cap, on fake ports with the Slack stand-in: places kept, callers answered."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.demo.service import DemoService
from bot.core.grammar import Command
from bot.core.messages import say
from bot.core.tutor import Tutor
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks
from bot.slack.worker import Worker
from bot.wiring import course_from
from testkit.fakes import FakeHost, FakeSandbox
from testkit.standin import SlackStandIn

TOKEN = "xoxb-demo-runs-test"


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(signing_secret="unused", bot_token=TOKEN) as standin:
        yield standin


def one_slot_tutor(queue_wait: float = 30) -> Tutor:
    course = course_from(Settings())
    demos = DemoService(
        course=course,
        sandbox=FakeSandbox(),
        host=FakeHost(),
        capacity=Capacity(1),
        ttl_seconds=600,
        queue_wait=queue_wait,
    )
    return Tutor(course=course, demos=demos)


def worker_for(tutor: Tutor, slack: SlackStandIn) -> tuple[Tasks, Worker, AsyncWebClient]:
    """A learner's worker on the tutor, talking to the stand-in (inside the event loop)."""
    tasks = Tasks()
    worker = Worker(tutor=tutor, lookups=Lookups(tutor=tutor, tasks=tasks), tasks=tasks)
    return tasks, worker, AsyncWebClient(token=TOKEN, base_url=slack.api_url)


async def until(check: object, timeout: float = 5) -> None:
    async def wait() -> None:
        while not check():  # type: ignore[operator]
            await asyncio.sleep(0.01)

    await asyncio.wait_for(wait(), timeout)


def test_a_newer_run_takes_over_a_queued_runs_place_and_both_callers_are_answered(
    slack: SlackStandIn,
) -> None:
    tutor = one_slot_tutor()
    capacity = tutor.demos.capacity

    async def scenario() -> None:
        tasks, worker, client = worker_for(tutor, slack)
        await worker.run(client, user="U0", command=Command("run", "busybox"))
        older = worker.request(client, user="U1", command=Command("run"))
        await until(lambda: capacity.waiting == 1)
        newer = worker.request(client, user="U1", command=Command("run", "busybox"))
        await asyncio.wait_for(older, 5)
        assert capacity.waiting == 1  # the same place, not a second one
        assert not newer.done()
        await worker.run(client, user="U0", command=Command("clean"))
        await asyncio.wait_for(newer, 10)
        await tasks.drain()
        worker.close()

    asyncio.run(scenario())
    notes = [c.args["text"] for c in slack.calls("chat.postMessage") if c.args["channel"] == "DU1"]
    assert f"`run`: {say('superseded', 'en', command='run busybox')}" in notes
    final = [c for c in slack.calls("chat.update") if c.args["channel"] == "DU1"][-1]
    assert "busybox" in str(final.args["blocks"])
    assert capacity.holds("U1") and not capacity.holds("U0")


def test_a_run_sent_while_the_give_up_message_is_on_its_way_queues_anew(
    slack: SlackStandIn,
) -> None:
    tutor = one_slot_tutor(queue_wait=0.3)
    capacity = tutor.demos.capacity

    async def scenario() -> None:
        tasks, worker, client = worker_for(tutor, slack)
        client.retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=1))
        await worker.run(client, user="U0", command=Command("run", "busybox"))
        gave_up = worker.request(client, user="U1", command=Command("run"))
        await until(lambda: capacity.waiting == 1)
        slack.fail_next("chat.update", retry_after=1)  # the give-up message waits a second
        await until(lambda: capacity.waiting == 0)
        again = worker.request(client, user="U1", command=Command("run", "busybox"))
        await asyncio.wait_for(gave_up, 5)
        await until(lambda: capacity.waiting == 1)  # queued again, not lost with the old one
        assert not again.done()
        await worker.run(client, user="U0", command=Command("clean"))
        await asyncio.wait_for(again, 10)
        await tasks.drain()
        worker.close()

    asyncio.run(scenario())
    assert capacity.holds("U1")


class SlowLedger:
    """A shared cap that takes its time answering, as a database under load would."""

    def __init__(self) -> None:
        self.held: set[str] = set()

    def take(self, key: str) -> bool:
        time.sleep(0.5)
        self.held.add(key)
        return True

    def give_back(self, key: str) -> None:
        self.held.discard(key)

    def rename(self, old: str, new: str) -> None:
        self.held.discard(old)
        self.held.add(new)

    def keep_only(self, keys: set[str]) -> None:
        self.held &= keys


def test_clean_sent_while_the_slot_is_being_asked_for_leaves_and_says_so(
    slack: SlackStandIn,
) -> None:
    course = course_from(Settings())
    ledger = SlowLedger()
    demos = DemoService(
        course=course,
        sandbox=FakeSandbox(),
        host=FakeHost(),
        capacity=Capacity(2, ledger=ledger),
        ttl_seconds=600,
        queue_wait=30,
    )
    tutor = Tutor(course=course, demos=demos)

    async def scenario() -> None:
        tasks, worker, client = worker_for(tutor, slack)
        started = time.monotonic()
        run = worker.request(client, user="U1", command=Command("run", "busybox"))
        await asyncio.sleep(0.2)  # the ledger is still answering
        assert time.monotonic() - started < 0.4  # and the event loop was not held meanwhile
        await worker.run(client, user="U1", command=Command("clean"))
        await asyncio.wait_for(run, 5)
        await tasks.drain()
        worker.close()

    asyncio.run(scenario())
    told = [c.args["text"] for c in slack.calls("chat.postMessage") if c.args["channel"] == "DU1"]
    assert any(say("queue_left", "en") in text for text in told)
    assert not demos.capacity.holds("U1") and not ledger.held and not demos.has_live("U1")
