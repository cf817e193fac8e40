"""The sandbox on the real engine: hardened, labelled, contained, and never left behind."""

from __future__ import annotations

import http.server
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from bot.config import Settings
from bot.core.course import Course, Demo
from bot.sandbox.host import ProcHost
from bot.sandbox.policy import violations
from bot.sandbox.recipes import RECIPES
from bot.sandbox.runner import LABEL, DockerSandbox, Limits
from bot.wiring import course_from

pytestmark = pytest.mark.usefixtures("images", "leftovers")


@pytest.fixture(scope="module")
def course() -> Course:
    return course_from(Settings())


@pytest.fixture
def sandbox(engine: Any) -> Iterator[DockerSandbox]:
    box = DockerSandbox(engine, limits=Limits(memory_mb=64, cpus=0.5, pids=48))
    yield box
    box.remove_all()


def demo(course: Course, name: str) -> Demo:
    found = course.demo(name)
    assert found is not None
    return found


def test_every_demo_passes_the_policy_as_inspected(
    engine: Any, sandbox: DockerSandbox, course: Course
) -> None:
    for name in ("nginx", "busybox"):
        ref = sandbox.start(demo(course, name), owner="U1", ttl_seconds=60)
        attrs = engine.api.inspect_container(ref.id)
        recipe = RECIPES[demo(course, name).image]
        assert violations(attrs, recipe) == []
        host = attrs["HostConfig"]
        assert host["NetworkMode"] == "none"
        assert host["ReadonlyRootfs"] is True
        assert host["CapDrop"] == ["ALL"]
        assert set(host["CapAdd"] or []) == set(recipe.cap_add)
        assert host["Memory"] == host["MemorySwap"] == 64 * 1024 * 1024
        assert host["PidsLimit"] == 48
        labels = attrs["Config"]["Labels"]
        assert labels["container-tutor.owner"] == "U1"
        assert labels["container-tutor.demo"] == name
        assert float(labels["container-tutor.expires"]) > time.time()


def test_a_weakened_container_is_refused(engine: Any) -> None:
    attrs = engine.api.inspect_container(
        engine.containers.create(
            RECIPES["busybox"].tag,
            ["true"],
            labels={LABEL: "x"},
            privileged=True,
            network_mode="host",
        ).id
    )
    try:
        broken = violations(attrs, RECIPES["busybox"])
    finally:
        engine.api.remove_container(attrs["Id"], force=True)
    assert "network must be none" in broken
    assert "must not be privileged" in broken
    assert "root filesystem must be read-only" in broken


def test_nginx_shows_its_master_and_workers_from_the_host(
    sandbox: DockerSandbox, course: Course
) -> None:
    ref = sandbox.start(demo(course, "nginx"), owner="U1", ttl_seconds=60)
    top = sandbox.top(ref.id, shape="ef")
    commands = top.column("CMD")
    assert any(c.startswith("nginx: master process") for c in commands)
    assert any(c.startswith("nginx: worker process") for c in commands)
    pids = [int(p) for p in top.column("PID")]
    host = ProcHost()
    mapping = {e.host_pid: e.ns_pid for e in host.pid_map(pids)}
    assert mapping[ref.main_pid] == 1
    assert all(ns != host_pid for host_pid, ns in mapping.items())
    names = [node.name for node in host.tree(pids).walk()]
    assert any(name.startswith("containerd-shim") for name in names)
    assert host.pid_namespace(ref.main_pid) != host.own_pid_namespace()


def run_in(sandbox: DockerSandbox, ref_id: str, script: str) -> tuple[int, str]:
    container = sandbox.client.containers.get(ref_id)
    code, output = container.exec_run(["sh", "-c", script])
    return code, output.decode(errors="replace")


def test_a_fork_bomb_hits_the_pids_limit(sandbox: DockerSandbox, course: Course) -> None:
    ref = sandbox.start(demo(course, "busybox"), owner="U1", ttl_seconds=60)
    _, output = run_in(
        sandbox, ref.id, "i=0; while [ $i -lt 200 ]; do sleep 30 & i=$((i+1)); done; echo done"
    )
    count = len(sandbox.top(ref.id, shape="ef").rows)
    assert count <= 48
    assert "can't fork" in output or "Resource temporarily unavailable" in output, output
    assert sandbox.get(ref.id) is not None and sandbox.get(ref.id).state == "running"  # type: ignore[union-attr]


def test_a_memory_hog_is_killed_and_the_demo_lives_on(
    sandbox: DockerSandbox, course: Course
) -> None:
    ref = sandbox.start(demo(course, "busybox"), owner="U1", ttl_seconds=60)
    code, _ = run_in(sandbox, ref.id, "dd if=/dev/zero of=/dev/null bs=256M count=1")
    assert code == 137  # SIGKILL from the kernel's OOM killer inside the cgroup
    assert sandbox.get(ref.id).state == "running"  # type: ignore[union-attr]


def test_writing_to_the_root_filesystem_fails(sandbox: DockerSandbox, course: Course) -> None:
    ref = sandbox.start(demo(course, "nginx"), owner="U1", ttl_seconds=60)
    code, output = run_in(sandbox, ref.id, "touch /pwned")
    assert code != 0
    assert "Read-only file system" in output
    code, _ = run_in(sandbox, ref.id, "cp /bin/true /tmp/x && /tmp/x")
    assert code != 0  # tmpfs is noexec


@pytest.fixture
def host_server() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


def test_the_demo_cannot_reach_the_network(
    sandbox: DockerSandbox, course: Course, host_server: int
) -> None:
    ref = sandbox.start(demo(course, "busybox"), owner="U1", ttl_seconds=60)
    _, interfaces = run_in(sandbox, ref.id, "cat /proc/net/dev")
    names = {line.split(":")[0].strip() for line in interfaces.splitlines() if ":" in line}
    assert names == {"lo"}
    url = f"http://127.0.0.1:{host_server}/"
    with urllib.request.urlopen(url, timeout=5) as answer:
        assert answer.status == 200
    code, output = run_in(sandbox, ref.id, f"echo | nc 127.0.0.1 {host_server}")
    assert code != 0  # the host answers on its loopback, the demo's loopback is its own
    assert "refused" in output.lower() or "can't connect" in output.lower(), output


def test_expired_demos_are_reaped(sandbox: DockerSandbox, course: Course) -> None:
    ref = sandbox.start(demo(course, "busybox"), owner="U1", ttl_seconds=30)
    assert sandbox.reap_expired(now=time.time()) == []
    assert sandbox.reap_expired(now=time.time() + 31) == [ref.id]
    assert sandbox.get(ref.id) is None


ORPHAN_MAKER = textwrap.dedent("""
    import sys, time
    from bot.config import Settings
    from bot.sandbox.runner import DockerSandbox
    from bot.wiring import course_from
    ref = DockerSandbox().start(course_from(Settings()).demo("busybox"), owner="U9",
                                ttl_seconds=3600)
    print(ref.id, flush=True)
    time.sleep(600)
""")


def test_orphans_of_a_killed_tutor_are_removed_at_the_next_start(engine: Any) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", ORPHAN_MAKER], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    orphan = child.stdout.readline().strip()
    os.kill(child.pid, signal.SIGKILL)
    child.wait(10)
    assert engine.containers.get(orphan).status == "running"
    survivor = DockerSandbox(engine)
    assert orphan in survivor.remove_orphans()
    assert not engine.containers.list(all=True, filters={"id": orphan})


def test_a_replica_removes_the_demos_of_a_gone_replica_even_on_another_host(
    engine: Any, course: Course
) -> None:
    gone = DockerSandbox(engine, instance="elsewhere:4242:1700000000")
    alive = DockerSandbox(engine, instance="elsewhere:4343:1700000000")
    survivor = DockerSandbox(engine)
    left = gone.start(demo(course, "busybox"), owner="U1", ttl_seconds=3600)
    kept = alive.start(demo(course, "busybox"), owner="U2", ttl_seconds=3600)
    try:
        assert left.id not in survivor.remove_orphans()  # another host's: it cannot tell
        assert survivor.remove_made_by([gone.instance, survivor.instance]) == [left.id]
        assert survivor.get(left.id) is None and survivor.get(kept.id) is not None
    finally:
        alive.remove_all_of_mine()
        gone.remove_all_of_mine()


def test_stop_ends_the_main_process_and_the_container_exits(
    sandbox: DockerSandbox, course: Course
) -> None:
    ref = sandbox.start(demo(course, "nginx"), owner="U1", ttl_seconds=60)
    after, signal_name = sandbox.stop_main(ref.id)
    assert signal_name == "SIGQUIT"
    assert after.state == "exited"
    assert after.exit_code == 0
    assert ProcHost().ps([ref.main_pid]) == []
