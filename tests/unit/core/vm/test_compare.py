"""The container-vs-VM comparison as core data, on fakes of every port."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.course import Demo, Localized
from bot.core.demo.models import ContainerRef, Table
from bot.core.demo.ports import SandboxError
from bot.core.demo.service import DemoError, DemoService
from bot.core.grammar import parse
from bot.core.replies import Notice
from bot.core.tutor import Tutor
from bot.core.vm.models import GuestReport, HostSeen, HostTask, kernel_threads
from bot.core.vm.replies import CompareShown, VmShown
from bot.core.vm.service import CompareService
from bot.wiring import course_from
from testkit.fakes import FakeHost, FakeSandbox

GUEST_PS = Table(
    titles=("PID", "PPID", "USER", "COMMAND"),
    rows=(
        ("1", "0", "root", "init"),
        ("2", "0", "root", "[kthreadd]"),
        ("3", "2", "root", "[rcu_gp]"),
        ("4", "2", "root", "[ksoftirqd/0]"),
        ("84", "1", "root", "/bin/httpd -f -p 80 -h /www"),
        ("90", "85", "root", "ps -o pid,ppid,user,args"),
    ),
)
VM_DEMO = Demo(id="vm", title=Localized(en="qemu", zh="qemu"), image="vm")


class Sandbox(FakeSandbox):
    """The fake engine, whose gVisor containers answer `uname -r` with gVisor's release."""

    def __init__(self) -> None:
        super().__init__()
        self.gvisor: set[str] = set()

    def run_inside(self, container_id: str, command: Sequence[str]) -> str:
        if container_id in self.gvisor and list(command) == ["uname", "-r"]:
            return "4.4.0\n"
        return super().run_inside(container_id, command)


class Machines:
    def __init__(self, sandbox: Sandbox, *, fail: str | None = None) -> None:
        self.sandbox = sandbox
        self.boots = 0
        self.fail = fail

    def boot(self, *, owner: str, ttl_seconds: float, notify: Any) -> tuple[ContainerRef, Any]:
        notify("progress_vm_boot_tcg", {})
        if self.fail:
            raise SandboxError(self.fail)
        self.boots += 1
        ref = self.sandbox.start(VM_DEMO, owner=owner, ttl_seconds=ttl_seconds + 10_000)
        return ref, self.report(ref.id)

    def report(self, container_id: str) -> GuestReport:
        return GuestReport(
            kernel="6.1.0-guest",
            memtotal_kib=94_800,
            ps=GUEST_PS,
            accelerator="tcg",
            guest_ram_mb=128,
            boot_s=2.4,
        )


class Engine:
    def __init__(self, sandbox: Sandbox, *, gvisor: bool = False, fail: bool = False) -> None:
        self.sandbox = sandbox
        self.offers_gvisor = gvisor
        self.fail = fail

    def start_seconds(self, container_id: str) -> float:
        return 0.31

    def has_gvisor(self) -> bool:
        return self.offers_gvisor

    def start_gvisor(self, demo: Demo, *, owner: str, ttl_seconds: float) -> ContainerRef:
        if self.fail:
            raise SandboxError("runsc: cgroups not supported")
        ref = self.sandbox.start(demo, owner=owner, ttl_seconds=ttl_seconds + 10_000)
        self.sandbox.gvisor.add(ref.id)
        return ref


class HostSide:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def under_shim(self, container_id: str) -> HostSeen:
        ref = self.sandbox.containers.get(container_id)
        if ref is None:
            return HostSeen(shim_pid=0, shim_name="", tasks=())
        if ref.image == "vm":
            tasks = [_task(ref.main_pid, "qemu-system-x86_64", threads=3, rss=210_000)]
        elif container_id in self.sandbox.gvisor:
            tasks = [_task(ref.main_pid, "runsc-sandbox", 12, 40_000), _task(1, "exe", 1, 900)]
        else:
            tasks = [_task(pid, "nginx", 1, 1_200) for pid in self.sandbox.pids[container_id]]
        return HostSeen(shim_pid=900, shim_name="containerd-shim-runc-v2", tasks=tuple(tasks))


def _task(pid: int, name: str, threads: int, rss: int) -> HostTask:
    return HostTask(pid=pid, ppid=900, name=name, command=name, threads=threads, rss_kib=rss)


class World:
    def __init__(
        self,
        *,
        gvisor: bool = False,
        gvisor_fails: bool = False,
        boot_fails: str | None = None,
        vm_limit: int = 2,
    ) -> None:
        course = course_from(Settings())
        self.sandbox = Sandbox()
        self.demos = DemoService(
            course=course,
            sandbox=self.sandbox,
            host=FakeHost(),
            capacity=Capacity(4),
            ttl_seconds=600,
            queue_wait=0,
        )
        self.machines = Machines(self.sandbox, fail=boot_fails)
        self.compare = CompareService(
            demos=self.demos,
            sandbox=self.sandbox,
            host=FakeHost(),
            machines=self.machines,
            engine=Engine(self.sandbox, gvisor=gvisor, fail=gvisor_fails),
            host_side=HostSide(self.sandbox),
            capacity=Capacity(vm_limit),
            ttl_seconds=600,
            queue_wait=0,
            sleep=lambda _seconds: None,
        )
        self.tutor = Tutor(course=course, demos=self.demos, compare=self.compare)


def test_compare_starts_what_is_missing_and_puts_the_facts_side_by_side() -> None:
    world = World()
    seen: list[str] = []
    comparison = world.compare.compare("u", notify=lambda key, _params: seen.append(key))
    assert "progress_created" in seen and "progress_vm_boot_tcg" in seen
    container, machine = comparison.sides
    assert (container.kind, machine.kind) == ("container", "vm")
    assert container.kernel == comparison.host_kernel == "6.1.0-test"
    assert machine.kernel == "6.1.0-guest" != comparison.host_kernel
    assert [task.name for task in container.host.tasks] == ["nginx"] * 3
    assert [task.name for task in machine.host.tasks] == ["qemu-system-x86_64"]
    assert container.pid1 == "nginx" and container.kernel_threads == ()
    assert machine.pid1 == "init"
    assert machine.kernel_threads == ("[kthreadd]", "[rcu_gp]", "[ksoftirqd/0]")
    assert container.memory_kib == 3 * 1_200
    assert machine.memory_kib == 128 * 1024
    assert (container.start_s, machine.start_s) == (0.31, 2.4)
    assert comparison.gvisor == "absent"


def test_a_running_vm_and_container_are_reused_not_started_again() -> None:
    world = World()
    world.tutor.handle("u", parse("run"))
    first = world.compare.vm("u")
    started = len(world.sandbox.started)
    comparison = world.compare.compare("u")
    assert world.machines.boots == 1
    assert len(world.sandbox.started) == started
    assert comparison.sides[1].name == first.container.name


def test_gvisor_becomes_a_third_column_and_its_sandbox_is_removed_at_once() -> None:
    world = World(gvisor=True)
    comparison = world.compare.compare("u")
    assert comparison.gvisor == "shown"
    gvisor = comparison.side("gvisor")
    assert gvisor is not None
    assert gvisor.kernel == "4.4.0"
    assert {task.name for task in gvisor.host.tasks} == {"runsc-sandbox", "exe"}
    assert gvisor.kernel_threads == ()
    assert not world.sandbox.gvisor & set(world.sandbox.containers)


def test_a_gvisor_failure_is_reported_and_the_comparison_still_stands() -> None:
    world = World(gvisor=True, gvisor_fails=True)
    comparison = world.compare.compare("u")
    assert comparison.gvisor == "failed"
    assert "cgroups" in comparison.gvisor_detail
    assert len(comparison.sides) == 2


def test_vms_have_their_own_cap_and_a_failed_boot_gives_its_slot_back() -> None:
    world = World(vm_limit=1)
    world.compare.vm("alice")
    with pytest.raises(DemoError) as refused:
        world.compare.vm("bob")
    assert refused.value.key == "vm_busy_gave_up"
    broken = World(vm_limit=1, boot_fails="qemu: could not load kernel")
    with pytest.raises(SandboxError):
        broken.compare.vm("alice")
    broken.machines.fail = None
    assert broken.compare.vm("alice").guest.kernel == "6.1.0-guest"


def test_clean_removes_the_vm_too_and_frees_its_slot() -> None:
    world = World(vm_limit=1)
    world.tutor.handle("alice", parse("compare"))
    cleaned = world.tutor.handle("alice", parse("clean"))
    assert isinstance(cleaned, Notice) and cleaned.key == "cleaned_vm"
    assert str(cleaned.params["names"]).count(",") == 1  # the container and the VM
    assert world.sandbox.containers == {}
    assert world.compare.live_count == 0
    assert isinstance(world.tutor.handle("bob", parse("vm")), VmShown)


def test_a_vm_that_powered_itself_off_is_forgotten_and_booted_again() -> None:
    world = World(vm_limit=1)
    view = world.compare.vm("u")
    world.sandbox.containers[view.container.id] = view.container.model_copy(
        update={"state": "exited", "exit_code": 0}
    )
    assert world.compare.forget_gone() == [view.container.id]
    assert world.compare.live_count == 0
    assert world.compare.vm("u").container.id != view.container.id
    assert world.machines.boots == 2


def test_the_tutor_answers_vm_and_compare_and_says_not_built_without_them() -> None:
    world = World()
    assert isinstance(world.tutor.handle("u", parse("vm")), VmShown)
    assert isinstance(world.tutor.handle("u", parse("compare")), CompareShown)
    plain = Tutor(course=world.tutor.course, demos=world.demos)
    refused = plain.handle("u", parse("compare"))
    assert isinstance(refused, Notice) and refused.key == "not_built"


def test_engine_failures_become_a_friendly_notice() -> None:
    world = World(boot_fails="The demo image container-tutor/vm:1 is not built yet.")
    reply = world.tutor.handle("u", parse("vm"))
    assert isinstance(reply, Notice) and reply.error
    assert "not built" in reply.text
    assert world.compare.live_count == 0


def test_kernel_threads_are_bracketed_children_of_pid_2_only() -> None:
    container_ps = Table(
        titles=("PID", "PPID", "USER", "COMMAND"),
        rows=(("1", "0", "root", "nginx: master"), ("2", "1", "www-data", "[odd name]")),
    )
    assert kernel_threads(container_ps) == ()
    assert kernel_threads(GUEST_PS) == ("[kthreadd]", "[rcu_gp]", "[ksoftirqd/0]")
    assert kernel_threads(Table(titles=(), rows=())) == ()
