"""The demo engine end to end on the real engine: views, exec, stop, the cap, the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.demo.service import DemoService
from bot.sandbox.host import ProcHost
from bot.sandbox.runner import DockerSandbox
from bot.wiring import course_from
from tests.conftest import OURS

pytestmark = pytest.mark.usefixtures("images", "leftovers")
ROOT = Path(__file__).resolve().parents[2]


def service(engine: Any, *, limit: int = 4, wait: float = 0) -> DemoService:
    return DemoService(
        course=course_from(Settings()),
        sandbox=DockerSandbox(engine),
        host=ProcHost(),
        capacity=Capacity(limit),
        ttl_seconds=120,
        queue_wait=wait,
    )


def test_demo_json_maps_pid_1_to_the_masters_host_pid_and_leaves_nothing(engine: Any) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "nginx", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    data = json.loads(result.stdout)
    assert set(data) >= {"container", "top", "host_ps", "tree", "pid_map", "namespaces", "kernel"}
    master = next(e for e in data["pid_map"] if e["cmd"].startswith("nginx: master"))
    assert master["ns_pid"] == 1
    assert master["host_pid"] != 1
    workers = [e for e in data["pid_map"] if e["cmd"].startswith("nginx: worker")]
    assert workers and all(e["ns_pid"] > 1 for e in workers)

    def names(node: dict[str, Any]) -> list[str]:
        return [node["name"], *(n for child in node["children"] for n in names(child))]

    assert any(name.startswith("containerd-shim") for name in names(data["tree"]))
    assert data["kernel"]["host"] == data["kernel"]["container"]
    assert data["namespaces"]["host"] != data["namespaces"]["container"]
    assert not engine.containers.list(all=True, filters=OURS)


def test_exec_starts_a_process_under_the_shim_not_under_pid_1(engine: Any) -> None:
    demos = service(engine)
    views = demos.run("alice")
    view = demos.exec("alice")
    assert view.parent_name.startswith("containerd-shim")
    assert view.process.ns_pid not in (0, 1)
    assert view.process.host_pid != view.main.host_pid
    assert view.main.host_pid == views.container.main_pid
    inside = dict(zip(view.inside.column("PID"), view.inside.column("PPID"), strict=True))
    assert inside[str(view.process.ns_pid)] == "0"  # its parent lives outside the namespace
    demos.clean("alice")


def test_stopping_pid_1_exits_the_container_even_when_it_ignores_sigterm(engine: Any) -> None:
    demos = service(engine)
    demos.run("alice", "busybox")
    stopped = demos.stop("alice")
    assert stopped.after.state == "exited"
    assert "SIGKILL" in stopped.signal
    assert stopped.after.exit_code == 137
    demos.clean("alice")


def test_the_cap_holds_with_twenty_simultaneous_learners(engine: Any) -> None:
    demos = service(engine, limit=3, wait=120)
    peak = 0
    done = threading.Event()
    failures: list[BaseException] = []

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            live = engine.api.containers(all=True, filters=OURS)
            peak = max(peak, len(live))
            time.sleep(0.05)

    def learner(number: int) -> None:
        try:
            demos.run(f"U{number}", "busybox")
            demos.clean(f"U{number}")
        except BaseException as error:
            failures.append(error)

    watcher = threading.Thread(target=watch)
    watcher.start()
    learners = [threading.Thread(target=learner, args=(n,)) for n in range(20)]
    for thread in learners:
        thread.start()
    for thread in learners:
        thread.join(180)
    done.set()
    watcher.join()
    assert failures == []
    assert 1 <= peak <= 3
    assert not engine.containers.list(all=True, filters=OURS)


def test_building_again_skips_present_images(engine: Any) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "images", "build"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert "container-tutor/nginx:1: already built" in result.stdout
    assert "container-tutor/busybox:1: already built" in result.stdout


def test_cleanup_removes_every_demo(engine: Any) -> None:
    demos = service(engine)
    demos.run("alice", "busybox")
    demos.run("bob", "busybox")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "cleanup"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert re.search(r"removed \d+ demo container\(s\)", result.stdout)
    assert not engine.containers.list(all=True, filters=OURS)


def test_two_learners_never_share_a_demo(engine: Any) -> None:
    demos = service(engine)
    alice = demos.run("alice", "busybox").container
    bob = demos.run("bob", "busybox").container
    assert alice.id != bob.id
    labels = {c.id: c.labels["container-tutor.owner"] for c in engine.containers.list(filters=OURS)}
    assert labels == {alice.id: "alice", bob.id: "bob"}
    assert demos.stop("alice").after.state == "exited"
    assert demos.current("bob").state == "running"
    alice_pids = {e.host_pid for e in demos.views("bob").pid_map} & {alice.main_pid}
    assert alice_pids == set()
    demos.clean("alice")
    demos.clean("bob")
