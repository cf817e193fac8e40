"""A second Docker engine on the same host is a real, separate engine for the tutor.

Each replica serves one engine (its DOCKER_HOST). These tests point the sandbox at the engine
TEST_SECOND_DOCKER_HOST names (`scripts/test-docker2`) and check that it starts the hardened
demo as the first engine does, that the host views find its processes (both engines run on
this host, so their PIDs are the host's), and that neither engine lists, reaps or sweeps the
other's containers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from typing import Any

import docker.errors
import pytest

from bot.config import Settings
from bot.core.course import Course, Demo
from bot.core.demo.models import ContainerRef, ProcNode
from bot.sandbox.engine_errors import engine_address
from bot.sandbox.host import ProcHost
from bot.sandbox.policy import violations
from bot.sandbox.recipes import RECIPES
from bot.sandbox.runner import LABEL, LABEL_RUN, DockerSandbox, Limits
from bot.wiring import course_from
from tests.conftest import RUN_TAG, SECOND_DOCKER_HOST

pytestmark = pytest.mark.usefixtures("images", "leftovers", "second_leftovers")


@pytest.fixture(scope="module")
def course() -> Course:
    return course_from(Settings())


def demo(course: Course, name: str) -> Demo:
    found = course.demo(name)
    assert found is not None
    return found


@pytest.fixture
def first(engine: Any) -> Iterator[DockerSandbox]:
    box = DockerSandbox(engine, limits=Limits())
    yield box
    box.remove_all()


@pytest.fixture
def second(second_engine: Any) -> Iterator[DockerSandbox]:
    box = DockerSandbox(second_engine, limits=Limits())
    yield box
    box.remove_all()


def listed(client: Any, container_id: str) -> bool:
    return bool(client.containers.list(all=True, filters={"id": container_id}))


def shim_of(tree: ProcNode, container_id: str) -> ProcNode:
    shims = [
        node
        for node in tree.walk()
        if node.name.startswith("containerd-shim") and container_id in node.args
    ]
    assert len(shims) == 1, [(node.name, node.args) for node in tree.walk()]
    return shims[0]


def containerd_namespace(shim: ProcNode) -> str:
    words = shim.args.split()
    return words[words.index("-namespace") + 1]


def test_the_second_engine_is_another_engine(engine: Any, second_engine: Any) -> None:
    one, two = engine.info(), second_engine.info()
    assert one["ID"] != two["ID"]  # an engine can be told apart by its id, as by its address
    assert one["DockerRootDir"] != two["DockerRootDir"]
    assert one["Name"] == two["Name"]  # the same host, so the same kernel and host PIDs
    assert one["KernelVersion"] == two["KernelVersion"]


def test_the_hardened_nginx_demo_runs_there_and_only_there(
    engine: Any, second_engine: Any, second: DockerSandbox, first: DockerSandbox, course: Course
) -> None:
    ref = second.start(demo(course, "nginx"), owner="U2", ttl_seconds=60)
    assert ref.state == "running"
    attrs = second_engine.api.inspect_container(ref.id)
    assert violations(attrs, RECIPES["nginx"]) == []
    assert attrs["HostConfig"]["NetworkMode"] == "none"
    assert attrs["HostConfig"]["ReadonlyRootfs"] is True
    labels = attrs["Config"]["Labels"]
    assert labels[LABEL] == second.instance
    assert labels["container-tutor.owner"] == "U2"
    assert labels["container-tutor.demo"] == "nginx"
    assert labels[LABEL_RUN] == RUN_TAG
    assert float(labels["container-tutor.expires"]) > time.time()

    assert not listed(engine, ref.id)
    with pytest.raises(docker.errors.NotFound):
        engine.containers.get(ref.id)
    assert first.get(ref.id) is None
    assert ref.id not in [mine.id for mine in first.ours()]
    assert [mine.id for mine in second.ours()] == [ref.id]

    second.remove(ref.id)
    assert not listed(second_engine, ref.id)


def test_the_host_views_find_the_second_engines_processes(
    second: DockerSandbox, first: DockerSandbox, course: Course
) -> None:
    there = second.start(demo(course, "nginx"), owner="U2", ttl_seconds=60)
    here = first.start(demo(course, "nginx"), owner="U1", ttl_seconds=60)
    ef, _aux = second.tops(there.id)
    pids = [int(pid) for pid in ef.column("PID")]
    assert there.main_pid in pids and len(pids) >= 2  # the master and its workers

    host = ProcHost()
    views = host.snapshot(pids)
    commands = [row.command for row in views.ps]
    assert any(command.startswith("nginx: master process") for command in commands)
    assert any(command.startswith("nginx: worker process") for command in commands)
    mapping = {entry.host_pid: entry.ns_pid for entry in views.pid_map}
    assert mapping[there.main_pid] == 1
    assert host.pid_namespace(there.main_pid) != host.own_pid_namespace()
    assert host.pid_namespace(there.main_pid) != host.pid_namespace(here.main_pid)

    # each container hangs under its own engine's shim, in that engine's containerd namespace
    shim_there = shim_of(views.tree, there.id)
    shim_here = shim_of(host.snapshot([here.main_pid]).tree, here.id)
    assert shim_there.pid != shim_here.pid
    assert containerd_namespace(shim_there) != containerd_namespace(shim_here)


ORPHAN_MAKER = textwrap.dedent("""
    import sys, time
    import docker
    from bot.config import Settings
    from bot.sandbox.runner import DockerSandbox
    from bot.wiring import course_from
    busybox = course_from(Settings()).demo("busybox")
    first = DockerSandbox(docker.DockerClient(base_url=sys.argv[1]))
    second = DockerSandbox()  # DOCKER_HOST, as a replica serving the second engine
    for box in (first, second):
        print(box.start(busybox, owner="U9", ttl_seconds=3600).id, flush=True)
    time.sleep(600)
""")


def orphans_of_a_killed_tutor() -> tuple[str, str]:
    """One demo on each engine from one tutor process, killed with SIGKILL."""
    child = subprocess.Popen(
        [sys.executable, "-c", ORPHAN_MAKER, engine_address()],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "DOCKER_HOST": SECOND_DOCKER_HOST or ""},
    )
    assert child.stdout is not None
    on_first, on_second = child.stdout.readline().strip(), child.stdout.readline().strip()
    os.kill(child.pid, signal.SIGKILL)
    child.wait(10)
    return on_first, on_second


def test_orphan_cleanup_on_the_second_engine_leaves_the_first_engines_alone(
    engine: Any, second_engine: Any, second: DockerSandbox, first: DockerSandbox
) -> None:
    on_first, on_second = orphans_of_a_killed_tutor()
    assert engine.containers.get(on_first).status == "running"
    assert second_engine.containers.get(on_second).status == "running"

    removed = second.remove_orphans()
    assert on_second in removed
    assert on_first not in removed
    assert not listed(second_engine, on_second)
    assert engine.containers.get(on_first).status == "running"  # the same dead creator
    first.remove(on_first)  # by id: the first engine is shared with other test runs
    assert not listed(engine, on_first)


def test_the_reaper_and_the_shutdown_sweep_stay_on_their_own_engine(
    engine: Any, second_engine: Any, second: DockerSandbox, course: Course
) -> None:
    first = DockerSandbox(engine, instance=second.instance)
    busybox = demo(course, "busybox")
    refs: dict[str, ContainerRef] = {}
    try:
        refs["first"] = first.start(busybox, owner="U1", ttl_seconds=30)
        refs["second"] = second.start(busybox, owner="U2", ttl_seconds=30)
        refs["second, kept"] = second.start(busybox, owner="U3", ttl_seconds=3600)

        later = time.time() + 60
        assert second.reap_expired(now=later) == [refs["second"].id]
        assert listed(engine, refs["first"].id)
        assert listed(second_engine, refs["second, kept"].id)

        # one process driving both engines, shutting down: each sweep finds its own only
        assert second.remove_all_of_mine() == [refs["second, kept"].id]
        assert listed(engine, refs["first"].id)
        assert first.reap_expired(now=later) == [refs["first"].id]
        assert not listed(engine, refs["first"].id)
    finally:
        first.remove_all()
