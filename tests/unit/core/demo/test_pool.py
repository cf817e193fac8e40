"""The warm pool on fakes: hand-out, refill, staleness, and the cap it shares with learners."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.demo.pool import POOL_OWNER
from bot.core.demo.service import DemoService
from bot.wiring import course_from
from testkit.fakes import FakeHost, FakeSandbox


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def sandbox() -> FakeSandbox:
    return FakeSandbox()


def service(sandbox: FakeSandbox, *, limit: int = 4, size: int = 1) -> DemoService:
    return DemoService(
        course=course_from(Settings()),
        sandbox=sandbox,
        host=FakeHost(),
        capacity=Capacity(limit),
        ttl_seconds=600,
        queue_wait=0,
        pool_size=size,
        pool_max_age=60,
    )


@pytest.fixture
def demos(sandbox: FakeSandbox) -> Iterator[DemoService]:
    demos = service(sandbox)
    demos.pool.start()
    yield demos
    demos.pool.close()


def test_run_hands_out_a_ready_container_and_the_pool_refills(
    demos: DemoService, sandbox: FakeSandbox
) -> None:
    assert demos.pool.wait_ready("nginx", 1, timeout=5)
    pooled = demos.pool.ids()
    views = demos.run("alice", "nginx")
    assert views.container.id in pooled
    assert views.container.owner == "alice"
    assert demos.current("alice").owner == "alice"
    assert sandbox.containers[views.container.id].owner == POOL_OWNER
    assert demos.pool.wait_ready("nginx", 1, timeout=5)
    assert views.container.id not in demos.pool.ids()


def test_pooled_containers_hold_slots_and_give_one_up_for_a_learner(
    sandbox: FakeSandbox,
) -> None:
    demos = service(sandbox, limit=2, size=1)
    demos.pool.start()
    try:
        assert demos.pool.wait_ready("nginx", 1, timeout=5)
        assert demos.pool.wait_ready("busybox", 1, timeout=5)
        assert demos._capacity.full
        alice = demos.run("alice", "nginx").container  # the pooled nginx, its slot with it
        bob = demos.run("bob", "nginx").container  # no nginx ready: the idle busybox goes
        assert alice.id != bob.id
        assert demos._capacity.holds("alice") and demos._capacity.holds("bob")
        assert demos._capacity.in_use == 2
        assert len(sandbox.containers) == 2
    finally:
        demos.pool.close()


def test_a_container_that_waited_too_long_is_replaced(sandbox: FakeSandbox) -> None:
    clock = Clock()
    demos = service(sandbox, size=1)
    demos.pool._clock = clock
    demos.pool.start()
    try:
        assert demos.pool.wait_ready("nginx", 1, timeout=5)
        old = set(demos.pool.ids_of("nginx"))
        clock.now += 61
        assert demos.run("alice", "nginx").container.id not in old
        assert not old & set(sandbox.containers)
    finally:
        demos.pool.close()


def test_closing_the_pool_removes_its_idle_containers_and_frees_their_slots(
    sandbox: FakeSandbox,
) -> None:
    demos = service(sandbox, size=2)
    demos.pool.start()
    assert demos.pool.wait_ready("busybox", 2, timeout=5)
    demos.pool.close()
    assert sandbox.containers == {}
    assert demos._capacity.in_use == 0
