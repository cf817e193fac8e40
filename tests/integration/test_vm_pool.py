"""VM_POOL_SIZE on the real engine: a VM booted ahead is handed out, with its own boot time."""

from __future__ import annotations

from typing import Any

import pytest

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.demo.service import DemoService
from bot.core.vm.service import VM_KIND, CompareService
from bot.sandbox.host import ProcHost
from bot.sandbox.runner import DockerSandbox
from bot.sandbox.vm import QemuMachines
from bot.sandbox.vm_engine import DockerEngineFacts
from bot.sandbox.vm_host import ShimHost
from bot.wiring import course_from
from tests.conftest import OURS

pytestmark = [pytest.mark.vm, pytest.mark.usefixtures("images", "leftovers")]


def test_compare_uses_a_vm_booted_ahead_and_shows_that_vms_measured_boot(engine: Any) -> None:
    sandbox = DockerSandbox(engine)
    demos = DemoService(
        course=course_from(Settings()),
        sandbox=sandbox,
        host=ProcHost(),
        capacity=Capacity(2),
        ttl_seconds=300,
        queue_wait=0,
    )
    machines = QemuMachines(sandbox, accelerator="tcg")
    compare = CompareService(
        demos=demos,
        sandbox=sandbox,
        host=ProcHost(),
        machines=machines,
        engine=DockerEngineFacts(sandbox),
        host_side=ShimHost(),
        capacity=Capacity(1),
        ttl_seconds=300,
        queue_wait=0,
        pool_size=1,
        pool_max_age=600,
    )
    compare.pool.start()
    try:
        assert compare.pool.wait_ready(VM_KIND, 1, timeout=180)
        [pooled] = compare.pool.ids_of(VM_KIND)
        booted = machines.report(pooled).boot_s
        result = compare.compare("alice")
        vm = next(side for side in result.sides if side.kind == "vm")
        assert vm.name == engine.containers.get(pooled).name
        assert vm.start_s == booted > 0
        assert compare.pool.ready() == 0  # the one VM slot is alice's now: no second VM
        assert compare.clean("alice") is not None
        demos.clean("alice")
    finally:
        compare.pool.close()
    assert not engine.containers.list(all=True, filters=OURS)
