"""Three `serve` replicas on one PostgreSQL and two Docker engines, behind a stand-in that
delivers every request to the next replica in turn, as a load balancer would.

Two replicas serve the first engine, one the second. Each rule that one process used to
keep in memory must now hold for the three together."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.sandbox.runner import LABEL, LABEL_OWNER
from bot.store.engine import make_engine
from testkit.served import SECRET, TOKEN, ServedBot, click_last, dm, empty_database, text_of
from testkit.standin import SlackStandIn
from tests.faults.test_full_queue import eventually

POSTGRES = os.environ.get("TEST_POSTGRES_URL")
SECOND_ENGINE = os.environ.get("TEST_SECOND_DOCKER_HOST")
PLACE = re.compile(r"number (\d+) in the queue")
LIVE = "sleep 3600"


def database() -> str:
    if not POSTGRES:
        if os.environ.get("CI"):
            pytest.fail("CI needs TEST_POSTGRES_URL: ./scripts/test starts PostgreSQL and sets it")
        pytest.skip("set TEST_POSTGRES_URL to a scratch PostgreSQL database to run this")
    return POSTGRES


@dataclass
class Replicas:
    slack: SlackStandIn
    bots: list[ServedBot]
    url: str
    database: str
    engines: list[Any]

    def command(self, user: str, text: str) -> Any:
        return self.slack.send_command(self.url, text=text, user_id=user, channel_id="C1")

    def click(self, user: str, action_id: str) -> Any:
        return click_last(self.slack, self.url, user, action_id)

    def shown(self, user: str) -> list[str]:
        return [
            text_of(m.get("blocks")) or m.get("text", "") for m in self.slack.messages(dm(user))
        ]

    def live(self, user: str) -> bool:
        return any(LIVE in t for t in self.shown(user))

    def demos(self, owner: str | None = None) -> list[tuple[int, str]]:
        """Demo containers these replicas made, on both engines: (engine number, name)."""
        wanted = [LABEL] if owner is None else [LABEL, f"{LABEL_OWNER}={owner}"]
        pids = {str(bot.process.pid) for bot in self.bots if bot.process is not None}
        return [
            (number, container.name)
            for number, engine in enumerate(self.engines)
            for container in engine.containers.list(
                all=True, filters={"label": wanted}, ignore_removed=True
            )
            if container.labels[LABEL].split(":")[1] in pids
        ]

    def settled(self, user: str, *, quiet: float = 3.0) -> bool:
        """The learner has one demo, and the same one `quiet` seconds later (no run of a
        burst is still replacing it)."""
        first = self.demos(user)
        if len(first) != 1:
            return False
        time.sleep(quiet)
        return self.demos(user) == first

    def home(self, user: str) -> tuple[str, str] | None:
        """The learner's home replica and its engine, from the shared database."""
        engine = make_engine(self.database)
        try:
            with engine.connect() as connection:
                found = connection.execute(
                    text("SELECT replica, engine FROM learner_homes WHERE learner = :u"),
                    {"u": user},
                ).first()
        finally:
            engine.dispose()
        return None if found is None else (str(found[0]), str(found[1]))


@pytest.fixture
def replicas(
    tmp_path: Path,
    engine: Any,
    images: None,
    leftovers: None,
    second_engine: Any,
    second_leftovers: None,
) -> Iterator[Replicas]:
    url = database()
    empty_database(url)
    second = str(SECOND_ENGINE)
    engines = [engine, second_engine]
    with SlackStandIn(signing_secret=SECRET, bot_token=TOKEN) as slack:
        bots = []
        common = {
            "DATABASE_URL": url,
            "DEMO_POOL_SIZE": "0",
            "VM_POOL_SIZE": "0",
            "DEMO_MAX_LIVE": "2",
            "DEMO_QUEUE_WAIT_SECONDS": "120",
        }
        for name, host in (("a1", None), ("a2", None), ("b1", second)):
            settings = {**common, "ENGINE_NAME": "b" if host else "a"}
            if host:
                settings["DOCKER_HOST"] = host
            workdir = tmp_path / name
            workdir.mkdir()
            bots.append(ServedBot(slack=slack, workdir=workdir, settings=settings))
        try:
            for bot in bots:
                bot.start()
            balanced = slack.deliver_round_robin([bot.url for bot in bots])
            yield Replicas(slack, bots, balanced, url, engines)
        finally:
            for bot in bots:
                bot.stop()
    for bot in bots:
        assert TOKEN not in bot.output() and SECRET not in bot.output()


def test_one_demo_per_learner_and_the_global_cap_hold_across_replicas(
    replicas: Replicas,
) -> None:
    for _ in range(3):  # a burst, one request to each replica
        replicas.command("U1", "run busybox")
    # a run of the burst may show its demo while a later one is replacing it (the old demo
    # gone, the new one not made yet): wait for the burst to settle on one demo that stays
    eventually(
        lambda: replicas.live("U1") and replicas.settled("U1"),
        90,
        lambda: (replicas.shown("U1"), replicas.demos("U1")),
    )
    assert len(replicas.demos("U1")) == 1
    replicas.command("U2", "run busybox")
    eventually(lambda: replicas.live("U2"), 90, lambda: replicas.shown("U2"))
    replicas.command("U3", "run busybox")
    eventually(
        lambda: any(PLACE.search(t) for t in replicas.shown("U3")), 30, lambda: replicas.shown("U3")
    )
    assert len(replicas.demos()) == 2  # the cap is 2 for the three replicas together
    assert {number for number, _ in replicas.demos()} == {0, 1}  # spread over both engines
    replicas.command("U1", "clean")  # a slot freed on one replica goes to a learner of another
    eventually(lambda: replicas.live("U3"), 90, lambda: replicas.shown("U3"))
    assert len(replicas.demos()) == 2 and not replicas.demos("U1")


def test_a_retried_event_is_answered_once_whichever_replica_gets_it(
    replicas: Replicas,
) -> None:
    event = {
        "type": "message",
        "channel": "DU9",
        "channel_type": "im",
        "user": "U9",
        "text": "is a container a process on the host?",
        "ts": "1700000000.000100",
    }
    for retry in (None, 1, 2):
        replicas.slack.send_event(replicas.url, event=event, event_id="EvRetried", retry_num=retry)
    eventually(lambda: replicas.slack.messages("DU9"), 20)
    time.sleep(2)
    assert len(replicas.slack.messages("DU9")) == 1


def test_share_works_on_whichever_replica_gets_the_click(replicas: Replicas) -> None:
    replicas.command("U4", "run --all busybox")
    eventually(lambda: replicas.live("U4"), 90, lambda: replicas.shown("U4"))
    for _ in range(3):  # one click to each replica
        replicas.click("U4", "ct:share")
    eventually(lambda: len(replicas.slack.messages("C1")) >= 3, 20, lambda: replicas.shown("U4"))
    assert all(LIVE in text_of(m.get("blocks")) for m in replicas.slack.messages("C1"))


def test_a_replica_killed_mid_command_loses_nothing(replicas: Replicas) -> None:
    user, home = "", ""
    for n in range(5, 12):  # a learner homed on the engine with two replicas
        user = f"U{n}"
        replicas.command(user, "top")
        eventually(lambda: replicas.shown(user), 20)  # noqa: B023
        home, engine = eventually(lambda: replicas.home(user), 10)  # noqa: B023
        if engine == "a":
            break
    assert home, "no learner was homed on the first engine"
    victim = next(bot for bot in replicas.bots if bot.process and f":{bot.process.pid}:" in home)
    replicas.command(user, "run busybox")
    time.sleep(0.3)  # taken, not finished: creating a container takes longer
    assert not replicas.live(user)
    victim.kill()
    eventually(lambda: replicas.live(user), 120, lambda: replicas.shown(user))
    # the killed replica's half-made demo is removed by the live replica on its engine
    eventually(lambda: len(replicas.demos(user)) == 1, 30, lambda: replicas.demos(user))


def test_a_walk_step_clicked_on_any_replica_replaces_the_message_in_place(
    replicas: Replicas,
) -> None:
    replicas.command("U6", "run busybox")
    eventually(lambda: replicas.live("U6"), 90, lambda: replicas.shown("U6"))
    (first,) = [m for m in replicas.slack.messages(dm("U6")) if LIVE in text_of(m.get("blocks"))]
    for step in (2, 3):  # one click reaches the home, the other is routed to it
        replicas.click("U6", "ct:walk_next")
        heading = f"Step {step} of"
        eventually(
            lambda: any(heading in t for t in replicas.shown("U6")),  # noqa: B023
            30,
            lambda: replicas.shown("U6"),
        )
    stepped = replicas.slack.messages(dm("U6"))[-1]
    assert stepped["ts"] == first["ts"]  # the same message, edited in place


def test_show_all_works_on_whichever_replica_gets_the_click(replicas: Replicas) -> None:
    replicas.command("U7", "run busybox")
    eventually(lambda: replicas.live("U7"), 90, lambda: replicas.shown("U7"))
    replicas.command("U7", "sh seq 1 2000")  # longer than one message: cut, "Show all"
    last = lambda: str(replicas.slack.messages(dm("U7"))[-1].get("blocks"))  # noqa: E731
    eventually(lambda: "ct:show_all" in last(), 60, lambda: replicas.shown("U7"))
    for _ in range(3):  # one click to each replica
        replicas.click("U7", "ct:show_all")
    uploads = lambda: replicas.slack.calls("files.completeUploadExternal")  # noqa: E731
    eventually(lambda: len(uploads()) >= 3, 30, uploads)
    assert all(f.data and "\n2000" in f.data.decode() for f in replicas.slack.files[-3:])
