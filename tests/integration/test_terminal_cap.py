"""`run -it` on the real engine takes a slot of the same global cap as `run`: a full cap
queues or refuses it, and closing it gives the slot back to whoever waits."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.demo.service import DemoError, DemoService
from bot.core.shell.terminal import Opened, TerminalService
from bot.sandbox.host import ProcHost
from bot.sandbox.runner import DockerSandbox
from bot.sandbox.terminal import DockerTerminals
from bot.wiring import course_from
from tests.conftest import OURS

pytestmark = pytest.mark.usefixtures("images", "leftovers")


def services(engine: Any, *, wait: float) -> tuple[Capacity, DemoService, TerminalService]:
    course = course_from(Settings())
    sandbox = DockerSandbox(engine)
    capacity = Capacity(1)
    demos = DemoService(
        course=course,
        sandbox=sandbox,
        host=ProcHost(),
        capacity=capacity,
        ttl_seconds=120,
        queue_wait=wait,
    )
    terminals = TerminalService(
        course=course,
        demos=demos,
        terminals=DockerTerminals(sandbox, {demo.id: demo for demo in course.demos}),
    )
    return capacity, demos, terminals


def exit_shell(terminals: TerminalService, opened: Opened) -> None:
    """The learner types `exit`: the shell, PID 1, ends and the container with it."""
    opened.tty.send(b"exit\n")
    terminals.after(opened)
    opened.tty.close()


def test_a_full_cap_refuses_run_it_and_run_it_holds_a_slot_until_closed(engine: Any) -> None:
    capacity, demos, terminals = services(engine, wait=0)
    demos.run("alice")
    with pytest.raises(DemoError) as refused:
        terminals.run_it("bob")
    assert refused.value.key == "busy_gave_up"
    assert len(engine.containers.list(all=True, filters=OURS)) == 1  # none made for bob
    demos.clean("alice")
    assert capacity.in_use == 0

    opened = terminals.run_it("bob")
    try:
        assert capacity.in_use == 1
        with pytest.raises(DemoError) as busy:
            demos.run("alice")
        assert busy.value.key == "busy_gave_up"
        with pytest.raises(DemoError):
            terminals.run_it("carol")
    finally:
        exit_shell(terminals, opened)
    assert capacity.in_use == 0
    assert not engine.containers.list(all=True, filters=OURS)
    demos.run("alice")  # the slot is back
    assert capacity.in_use == 1
    demos.clean("alice")


def test_closing_run_it_hands_its_slot_to_the_learner_who_waits(engine: Any) -> None:
    capacity, demos, terminals = services(engine, wait=30)
    opened = terminals.run_it("bob")
    told: list[tuple[str, dict[str, Any]]] = []
    started: list[float] = []

    def alice() -> None:
        demos.run("alice", notify=lambda key, params: told.append((key, params)))
        started.append(time.monotonic())

    waiting = threading.Thread(target=alice)
    waiting.start()
    deadline = time.monotonic() + 10
    while capacity.waiting == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ("busy", {"position": 1, "limit": 1}) in told
    time.sleep(0.5)
    assert not started  # still waiting for bob's terminal
    closed = time.monotonic()
    exit_shell(terminals, opened)
    waiting.join(30)
    assert started and started[0] >= closed
    assert capacity.in_use == 1 and demos.current("alice").state == "running"
    demos.clean("alice")
    assert capacity.in_use == 0


def test_run_it_waits_its_turn_and_is_told_its_place(engine: Any) -> None:
    capacity, demos, terminals = services(engine, wait=30)
    demos.run("alice")
    told: list[tuple[str, dict[str, Any]]] = []
    opened: list[Opened] = []
    waiting = threading.Thread(
        target=lambda: opened.append(
            terminals.run_it("bob", notify=lambda key, params: told.append((key, params)))
        )
    )
    waiting.start()
    deadline = time.monotonic() + 10
    while capacity.waiting == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert told == [("busy", {"position": 1, "limit": 1})]
    assert not opened
    demos.clean("alice")
    waiting.join(30)
    assert opened and capacity.in_use == 1
    exit_shell(terminals, opened[0])
    assert capacity.in_use == 0
