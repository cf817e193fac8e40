"""Two replicas in one process, on one database and the Slack stand-in: a learner's engine
commands run on their home replica whichever replica received them."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.demo.service import DemoService
from bot.core.grammar import Command
from bot.core.tutor import Tutor
from bot.slack.lookups import Lookups
from bot.slack.replicas import Router
from bot.slack.tasks import Tasks
from bot.slack.worker import Worker
from bot.store.replicas import SqlReplicas
from bot.store.sql import SqlProgressStore
from bot.wiring import course_from
from testkit.fakes import FakeHost, FakeSandbox
from testkit.standin import SlackStandIn

TOKEN = "xoxb-routing-test"


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(signing_secret="unused", bot_token=TOKEN) as standin:
        yield standin


def tutor() -> Tutor:
    course = course_from(Settings())
    demos = DemoService(
        course=course,
        sandbox=FakeSandbox(),
        host=FakeHost(),
        capacity=Capacity(4),
        ttl_seconds=600,
        queue_wait=30,
    )
    return Tutor(course=course, demos=demos)


def replica(url: str, name: str) -> tuple[Tutor, Worker, Router]:
    store = SqlProgressStore(url)
    store.open()
    found = tutor()
    tasks = Tasks()
    worker = Worker(tutor=found, lookups=Lookups(tutor=found, tasks=tasks), tasks=tasks)
    router = Router(SqlReplicas(store, replica=name, engine=name[0]), worker)
    worker.route = router
    return found, worker, router


def test_a_command_sent_to_another_replica_runs_on_the_home_and_is_awaited_there(
    url: str, slack: SlackStandIn
) -> None:
    home_tutor, home_worker, home = replica(url, "a1")
    other_tutor, other_worker, other = replica(url, "b1")

    async def scenario() -> None:
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        stop = asyncio.Event()
        loops = [asyncio.ensure_future(r.run(client, stop)) for r in (home, other)]
        await asyncio.sleep(0.3)  # both have said they are alive
        await other_worker.run(client, user="U1", command=Command("run", "busybox"))
        assert home_tutor.demos.has_live("U1") and not other_tutor.demos.has_live("U1")
        replies = [c for c in slack.calls("chat.update") if c.args["channel"] == "DU1"]
        assert replies and "busybox" in str(replies[-1].args["blocks"])  # shown before run returned
        await other_worker.run(client, user="U1", command=Command("clean"))
        assert not home_tutor.demos.has_live("U1")
        stop.set()
        await asyncio.gather(*loops)
        for worker in (home_worker, other_worker):
            await worker.tasks.drain()
            worker.close()

    asyncio.run(scenario())
    assert home.replicas.pending() == 0


class JitteryReplicas(SqlReplicas):
    """A database that answers each home lookup after its own delay, as a busy one would."""

    def home(self, learner: str, *, now: datetime, within: timedelta) -> str:
        time.sleep(random.uniform(0, 0.03))
        return super().home(learner, now=now, within=within)


def test_a_learners_commands_reach_the_other_replica_in_the_order_they_came(
    url: str, slack: SlackStandIn
) -> None:
    home_store = SqlProgressStore(url)
    home_store.open()
    home = SqlReplicas(home_store, replica="a1", engine="a")
    home.beat(now=datetime.now(UTC))
    _, worker, router = replica(url, "b1")
    router.replicas = JitteryReplicas(SqlProgressStore(url), replica="b1", engine="b")
    arguments = [str(n) for n in range(12)]

    async def scenario() -> None:
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        await asyncio.to_thread(router.replicas.beat, now=datetime.now(UTC))
        sent = [
            worker.request(client, user="U1", command=Command("walk", argument))
            for argument in arguments
        ]
        await asyncio.gather(*sent)
        await worker.tasks.drain()
        worker.close()

    asyncio.run(scenario())
    assert [routed.command["argument"] for routed in home.claim()] == arguments
