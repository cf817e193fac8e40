"""The VM demo for real: qemu under TCG in the hardened sandbox, next to a real container."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil
import pytest

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.course import Demo, Localized
from bot.core.demo.service import DemoService
from bot.core.vm.service import CompareService
from bot.sandbox.host import ProcHost
from bot.sandbox.policy import violations
from bot.sandbox.recipes import VM
from bot.sandbox.runner import DockerSandbox
from bot.sandbox.vm import QemuMachines
from bot.sandbox.vm_engine import DockerEngineFacts
from bot.sandbox.vm_host import ShimHost
from bot.sandbox.vm_qemu import qemu_command
from bot.wiring import course_from
from tests.conftest import OURS

pytestmark = [pytest.mark.vm, pytest.mark.usefixtures("images", "leftovers")]
ROOT = Path(__file__).resolve().parents[2]
QEMU = "qemu-system-x86_64"


def service(engine: Any) -> tuple[CompareService, DemoService]:
    sandbox = DockerSandbox(engine)
    demos = DemoService(
        course=course_from(Settings()),
        sandbox=sandbox,
        host=ProcHost(),
        capacity=Capacity(4),
        ttl_seconds=300,
        queue_wait=0,
    )
    compare = CompareService(
        demos=demos,
        sandbox=sandbox,
        host=ProcHost(),
        machines=QemuMachines(sandbox, accelerator="tcg"),
        engine=DockerEngineFacts(sandbox),
        host_side=ShimHost(),
        capacity=Capacity(2),
        ttl_seconds=300,
        queue_wait=0,
    )
    return compare, demos


def gone(pid: int) -> bool:
    """True once `pid` is no qemu any more (the number may be reused by something else)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).name() != QEMU:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.1)
    return False


def test_demo_vm_json_shows_a_guest_kernel_one_qemu_and_leaves_nothing(engine: Any) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "vm", "--json"],
        cwd=ROOT,
        env={**os.environ, "VM_ACCEL": "tcg"},
        capture_output=True,
        text=True,
        check=True,
        timeout=240,
    )
    data = json.loads(result.stdout)
    assert data["kernel"]["host"] == os.uname().release
    assert data["kernel"]["guest"] and data["kernel"]["guest"] != data["kernel"]["host"]
    assert [p["name"] for p in data["host_processes"]] == [QEMU]
    assert data["shim"]["name"].startswith("containerd-shim")
    assert data["host_processes"][0]["ppid"] == data["shim"]["pid"]
    assert data["accelerator"] == "tcg"
    assert 0 < data["boot_s"] < 200
    rows = data["guest_ps"]["processes"]
    by_pid = {row[0]: row for row in rows}
    assert by_pid["1"][-1] == "init"
    assert by_pid["2"][-1] == "[kthreadd]"
    kernel_threads = [row for row in rows if row[1] == "2" and row[-1].startswith("[")]
    assert len(kernel_threads) >= 10
    assert any("httpd" in row[-1] for row in rows)  # the guest's web server
    assert not engine.containers.list(all=True, filters=OURS)
    assert gone(data["host_processes"][0]["pid"])


def test_the_vm_is_one_hardened_qemu_process_that_ends_with_its_container(engine: Any) -> None:
    compare, _demos = service(engine)
    view = compare.vm("vm-alice")
    attrs = engine.api.inspect_container(view.container.id)
    assert violations(attrs, VM) == []
    host = attrs["HostConfig"]
    assert host["NetworkMode"] == "none" and host["ReadonlyRootfs"] is True
    assert host["CapDrop"] == ["ALL"] and not host.get("CapAdd") and not host.get("Devices")
    assert host["Memory"] == VM.memory_mb * 2**20 and host["PidsLimit"] > 0
    assert "-nic" in attrs["Config"]["Cmd"] and "none" in attrs["Config"]["Cmd"]
    top = engine.api.top(view.container.id, ps_args="-ef")
    commands = [row[top["Titles"].index("CMD")] for row in top["Processes"]]
    assert len(commands) == 1 and commands[0].startswith(QEMU)
    (qemu,) = view.host.tasks
    assert qemu.name == QEMU and qemu.threads >= 2
    assert psutil.Process(qemu.pid).ppid() == view.host.shim_pid
    names = {task.name for task in view.host.tasks}
    assert not names & {"init", "httpd", "kthreadd"}  # the guest's are not the host's
    compare.clean("vm-alice")
    assert gone(qemu.pid)
    assert compare.live_count == 0


def test_compare_puts_a_live_container_next_to_a_live_vm(engine: Any) -> None:
    compare, demos = service(engine)
    comparison = compare.compare("vm-bob")
    container = comparison.side("container")
    machine = comparison.side("vm")
    assert container is not None and machine is not None
    assert container.kernel == comparison.host_kernel == os.uname().release
    assert machine.kernel != comparison.host_kernel
    assert container.pid1.startswith("nginx: master")
    assert container.kernel_threads == ()
    assert machine.pid1 == "init" and len(machine.kernel_threads) >= 10
    assert {task.name for task in container.host.tasks} == {"nginx"}
    assert len(container.host.tasks) >= 2  # the master and its workers, each by name
    assert [task.name for task in machine.host.tasks] == [QEMU]
    assert machine.memory_kib == 128 * 1024
    assert 0 < container.memory_kib < machine.host.rss_kib
    assert 0 < container.start_s < machine.start_s
    runtimes = engine.info().get("Runtimes") or {}
    assert comparison.gvisor == ("shown" if "runsc" in runtimes else "absent")
    compare.clean("vm-bob")
    demos.clean("vm-bob")


def test_the_guest_powers_itself_off_when_its_time_is_over(engine: Any) -> None:
    """The guest's own time limit, apart from the container's expiry label (set far later)."""
    sandbox = DockerSandbox(engine)
    demo = Demo(
        id="vm",
        title=Localized(en="qemu", zh="qemu"),
        image=VM.name,
        command=list(qemu_command(accelerator="tcg", ttl_seconds=2)),
    )
    ref = sandbox.start(demo, owner="vm-carol", ttl_seconds=600)
    container = engine.containers.get(ref.id)
    try:
        container.wait(timeout=120)
        container.reload()
        assert container.status == "exited"
        assert container.attrs["State"]["ExitCode"] == 0
        logs = container.logs().decode(errors="replace")
        assert "ct:ready" in logs and "Power down" in logs
    finally:
        container.remove(force=True)


def test_gvisor_hides_the_demo_from_the_host_by_name(engine: Any) -> None:
    if "runsc" not in (engine.info().get("Runtimes") or {}):
        pytest.skip("this engine offers no runsc runtime (see README: gVisor)")
    compare, demos = service(engine)
    comparison = compare.compare("vm-dave")
    gvisor = comparison.side("gvisor")
    assert gvisor is not None, comparison.gvisor_detail
    assert gvisor.kernel != comparison.host_kernel
    assert gvisor.pid1.startswith("nginx: master")
    assert "nginx" not in {task.name for task in gvisor.host.tasks}
    compare.clean("vm-dave")
    demos.clean("vm-dave")
