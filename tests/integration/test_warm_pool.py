"""The warm pool on the real engine: ready containers handed out, refilled, replaced, capped,
and removed by every path that removes demos."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.demo.pool import POOL_OWNER
from bot.core.demo.replies import DemoShown
from bot.core.demo.service import DemoService
from bot.sandbox.host import ProcHost
from bot.sandbox.runner import LABEL, LABEL_EXPIRES, LABEL_OWNER, DockerSandbox
from bot.sandbox.vm_console import instant
from bot.wiring import course_from
from tests.conftest import OURS

pytestmark = pytest.mark.usefixtures("images", "leftovers")
ROOT = Path(__file__).resolve().parents[2]
READY = 60.0


def service(
    engine: Any,
    *,
    limit: int = 4,
    size: int = 1,
    max_age: float = 600,
    sandbox: DockerSandbox | None = None,
) -> DemoService:
    return DemoService(
        course=course_from(Settings()),
        sandbox=sandbox or DockerSandbox(engine),
        host=ProcHost(),
        capacity=Capacity(limit),
        ttl_seconds=120,
        queue_wait=0,
        pool_size=size,
        pool_max_age=max_age,
    )


@pytest.fixture
def demos(engine: Any) -> Iterator[DemoService]:
    demos = service(engine)
    demos.pool.start()
    yield demos
    demos.pool.close()
    demos._sandbox.remove_all_of_mine()  # type: ignore[attr-defined]


def live(engine: Any, **labels: str) -> list[Any]:
    wanted = [*OURS["label"], *(f"{key}={value}" for key, value in labels.items())]
    return list(engine.containers.list(filters={"label": wanted}, ignore_removed=True))


def test_run_gets_a_container_that_was_already_running(demos: DemoService, engine: Any) -> None:
    assert demos.pool.wait_ready("nginx", 1, timeout=READY)
    [pooled] = [
        c for c in live(engine) if c.labels[LABEL_OWNER] == POOL_OWNER and "nginx" in c.name
    ]
    asked = time.time()
    views = demos.run("alice", "nginx")
    started = instant(pooled.attrs["State"]["StartedAt"])
    assert views.container.id == pooled.id
    assert started < asked
    assert views.from_pool and views.ahead_seconds > 0 and views.container.owner == "alice"
    assert any(row[-1].startswith("nginx: master") for row in views.top.rows)
    assert any(process.command.startswith("nginx: master") for process in views.host_ps)
    assert views.kernel.container == views.kernel.host


def test_the_reply_shows_the_containers_own_engine_time_and_says_it_started_ahead(
    demos: DemoService, engine: Any
) -> None:
    assert demos.pool.wait_ready("busybox", 1, timeout=READY)
    time.sleep(1.1)  # so "ahead" is at least a second
    views = demos.run("alice", "busybox")
    attrs = engine.api.inspect_container(views.container.id)
    engine_seconds = instant(attrs["State"]["StartedAt"]) - instant(attrs["Created"])
    assert views.container.start_seconds == pytest.approx(engine_seconds, abs=0.001)
    assert views.ahead_seconds >= 1
    demo = demos.demo("busybox")
    english = DemoShown(demo=demo, views=views, show=("top",), steps=())
    chinese = DemoShown(demo=demo, views=views, show=("top",), steps=(), lang="zh")
    assert "started ahead of time" in english.timing
    assert f"{views.container.start_seconds:.2f} s" in english.timing
    assert "預先啟動" in chinese.timing


def test_the_pool_refills_after_a_hand_out(demos: DemoService, engine: Any) -> None:
    assert demos.pool.wait_ready("busybox", 1, timeout=READY)
    taken = demos.run("alice", "busybox").container.id
    assert demos.pool.wait_ready("busybox", 1, timeout=READY)
    [fresh] = demos.pool.ids_of("busybox")
    assert fresh != taken
    assert engine.containers.get(fresh).status == "running"


def test_a_pooled_container_past_its_max_age_is_replaced(engine: Any) -> None:
    demos = service(engine, max_age=2)
    demos.pool.start()
    try:
        assert demos.pool.wait_ready("busybox", 1, timeout=READY)
        [old] = demos.pool.ids_of("busybox")
        deadline = time.monotonic() + READY
        while old in demos.pool.ids_of("busybox") or not demos.pool.ids_of("busybox"):
            assert time.monotonic() < deadline, "the stale container was never replaced"
            time.sleep(0.2)
        assert not engine.containers.list(all=True, filters={"id": old})
    finally:
        demos.pool.close()


def test_pooled_containers_count_toward_the_cap_and_yield_to_a_learner(engine: Any) -> None:
    demos = service(engine, limit=1, size=1)
    demos.pool.start()
    try:
        deadline = time.monotonic() + READY
        while demos.pool.ready() < 1:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        time.sleep(1.5)  # the filler had its chance to exceed the cap
        assert len(live(engine)) == 1  # one slot: one pooled container, not one per demo
        kind = "busybox" if demos.pool.ready("nginx") else "nginx"
        views = demos.run("alice", kind)  # the idle one of the other demo gives its slot up
        assert [c.id for c in live(engine)] == [views.container.id]
        assert demos._capacity.holds("alice") and demos._capacity.in_use == 1
        demos.clean("alice")
    finally:
        demos.pool.close()


def test_clean_removes_a_handed_out_container(demos: DemoService, engine: Any) -> None:
    assert demos.pool.wait_ready("nginx", 1, timeout=READY)
    ref = demos.run("alice", "nginx").container
    assert demos.clean("alice") is not None
    assert not engine.containers.list(all=True, filters={"id": ref.id})


def test_the_reaper_removes_a_handed_out_container_when_it_expires(engine: Any) -> None:
    # real time, short lives: a clock moved forward would reap other runs' demos on this engine
    demos = DemoService(
        course=course_from(Settings()),
        sandbox=DockerSandbox(engine),
        host=ProcHost(),
        capacity=Capacity(4),
        ttl_seconds=2,
        queue_wait=0,
        pool_size=1,
        pool_max_age=2,
    )
    demos.pool.start()
    try:
        assert demos.pool.wait_ready("busybox", 1, timeout=READY)
        ref = demos.run("alice", "busybox").container
        expires = int(engine.containers.get(ref.id).labels[LABEL_EXPIRES])
        assert expires >= time.time() + 1  # the learner's lifetime is still ahead of them
        time.sleep(max(expires - time.time(), 0) + 0.2)
        assert ref.id in demos.reap()
        assert not engine.containers.list(all=True, filters={"id": ref.id})
        assert not demos._capacity.holds("alice")
    finally:
        demos.pool.close()


def test_shutdown_removes_idle_and_handed_out_pooled_containers(engine: Any) -> None:
    sandbox = DockerSandbox(engine)
    demos = service(engine, sandbox=sandbox, size=1)
    demos.pool.start()
    assert demos.pool.wait_ready("busybox", 1, timeout=READY)
    demos.run("alice", "busybox")
    assert demos.pool.wait_ready("busybox", 1, timeout=READY)
    demos.pool.close()  # what `serve` does on SIGTERM: stop filling, then sweep
    sandbox.remove_all_of_mine()
    assert live(engine, **{LABEL: sandbox.instance}) == []
    assert not engine.containers.list(all=True, filters=OURS)


def test_the_cleanup_command_removes_pooled_containers(demos: DemoService, engine: Any) -> None:
    assert demos.pool.wait_ready("busybox", 1, timeout=READY)
    subprocess.run(
        [sys.executable, "-m", "bot", "cleanup"], cwd=ROOT, check=True, timeout=60,
        capture_output=True,
    )  # fmt: skip
    assert not engine.containers.list(all=True, filters=OURS)


POOL_MAKER = textwrap.dedent("""
    import time
    from bot.config import Settings
    from bot.wiring import build
    parts = build(Settings(demo_pool_size=1, demo_max_live=2))
    parts.demos.pool.start()
    parts.demos.pool.wait_ready("busybox", 1, timeout=60)
    parts.demos.pool.wait_ready("nginx", 1, timeout=60)
    parts.demos.run("U9", "busybox")
    print(" ".join([*parts.demos.pool.ids(), parts.demos.current("U9").id]), flush=True)
    time.sleep(600)
""")


def test_orphan_cleanup_removes_the_pooled_containers_of_a_killed_tutor(engine: Any) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", POOL_MAKER], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    made = child.stdout.readline().split()
    os.kill(child.pid, signal.SIGKILL)
    child.wait(10)
    assert len(made) >= 2  # the handed-out one and at least one spare
    # A create the killed tutor had sent may still land in the engine just after the kill:
    # orphan cleanup runs again until the engine has settled (each tutor start runs it too).
    deadline = time.monotonic() + 15
    while True:
        DockerSandbox(engine).remove_orphans()
        left = engine.containers.list(all=True, filters=OURS)
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert not left
