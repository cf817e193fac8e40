"""A container and a virtual machine, side by side on one host, read live.

Each learner may have one VM besides their container demo. `vm` boots it (or reuses the
running one) and shows what the host sees of it; `compare` puts the learner's container
demo (started if missing), their VM (booted if missing) and, when the engine offers
gVisor, a short-lived gVisor sandbox of the same demo, side by side.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from bot.core.capacity import Capacity
from bot.core.demo.models import ContainerRef, DemoViews, Table
from bot.core.demo.pool import POOL_OWNER, WarmPool
from bot.core.demo.ports import HostInspector, Sandbox, SandboxError
from bot.core.demo.service import (
    KERNEL_INSIDE,
    PS_INSIDE,
    DemoError,
    DemoService,
    parse_ps,
)
from bot.core.notes import Notify, silent
from bot.core.vm.models import Comparison, GuestReport, GvisorState, Side, VmView
from bot.core.vm.ports import EngineFacts, HostSide, Machines

COMPARE_DEMO = "nginx"
"""The container the comparison starts when the learner has none running."""
VM_KIND = "vm"
GVISOR_SETTLE_SECONDS = 3.0
"""How long a fresh gVisor sandbox may take before its demo's processes are all up."""


class CompareService:
    """One VM per learner, under its own cap, and the comparison with their container."""

    def __init__(
        self,
        *,
        demos: DemoService,
        sandbox: Sandbox,
        host: HostInspector,
        machines: Machines,
        engine: EngineFacts,
        host_side: HostSide,
        capacity: Capacity,
        ttl_seconds: float,
        queue_wait: float,
        sleep: Callable[[float], None] | None = None,
        pool_size: int = 0,
        pool_max_age: float = 600.0,
    ) -> None:
        self._demos = demos
        self._sandbox = sandbox
        self._host = host
        self._machines = machines
        self._engine = engine
        self._host_side = host_side
        self._capacity = capacity
        self._ttl = ttl_seconds
        self._queue_wait = queue_wait
        self._sleep = sleep or time.sleep
        self._vms: dict[str, str] = {}
        self._reports: dict[str, GuestReport] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self.pool: WarmPool[GuestReport] = WarmPool(
            kinds=[VM_KIND],
            size=pool_size,
            max_age=pool_max_age,
            capacity=capacity,
            make=self._boot_ahead,
            alive=lambda container_id: self._sandbox.get(container_id),
            remove=lambda container_id: self._sandbox.remove(container_id),
            name="vm-pool",
        )

    def vm(self, owner: str, *, notify: Notify = silent) -> VmView:
        """The learner's VM, booted if they have none running, as the host sees it."""
        with self._lock(owner):
            ref, report = self._machine(owner, notify)
            return VmView(
                container=ref,
                guest=report,
                host=self._host_side.under_shim(ref.id),
                host_kernel=self._host.kernel_release(),
            )

    def compare(self, owner: str, *, notify: Notify = silent) -> Comparison:
        """Container and VM (and gVisor when offered) side by side, starting what is missing."""
        views = self._container(owner, notify)
        container = self._container_side(views)
        with self._lock(owner):
            ref, report = self._machine(owner, notify)
            machine = self._vm_side(ref, report)
        sides = [container, machine]
        gvisor_state: GvisorState = "absent"
        detail = ""
        if self._engine.has_gvisor():
            try:
                sides.append(self._gvisor_side(owner, views, notify))
                gvisor_state = "shown"
            except SandboxError as error:
                gvisor_state, detail = "failed", str(error)
        return Comparison(
            host_kernel=self._host.kernel_release(),
            sides=tuple(sides),
            gvisor=gvisor_state,
            gvisor_detail=detail,
        )

    @property
    def capacity(self) -> Capacity:
        """The cap on live VMs, for adapters that queue a `vm` before it reaches `vm`."""
        return self._capacity

    @property
    def queue_wait(self) -> float:
        return self._queue_wait

    def has_live(self, owner: str) -> bool:
        """Whether `owner` has a VM this service booted (it may have powered off since)."""
        return owner in self._vms

    @property
    def live_count(self) -> int:
        return len(self._vms)

    def clean(self, owner: str) -> ContainerRef | None:
        """Remove the learner's VM; qemu ends with its container."""
        with self._lock(owner):
            container_id = self._vms.get(owner)
            ref = self._sandbox.get(container_id) if container_id else None
            if container_id:
                self._sandbox.remove(container_id)
            self._forget(owner)
            return ref

    def forget_gone(self) -> list[str]:
        """Give back the slots of VMs that expired, were reaped or powered themselves off."""
        gone = []
        self.pool.forget(
            warm_id for warm_id in self.pool.ids() if self._sandbox.get(warm_id) is None
        )
        for owner, container_id in list(self._vms.items()):
            ref = self._sandbox.get(container_id)
            if ref is None or ref.state != "running":
                if ref is not None:
                    self._sandbox.remove(container_id)
                self._forget(owner)
                gone.append(container_id)
        return gone

    def _machine(self, owner: str, notify: Notify) -> tuple[ContainerRef, GuestReport]:
        container_id = self._vms.get(owner)
        if container_id:
            ref = self._sandbox.get(container_id)
            if ref is not None and ref.state == "running":
                report = self._reports.get(container_id) or self._machines.report(container_id)
                return ref, report
            if ref is not None:
                self._sandbox.remove(container_id)
            self._forget(owner, keep_slot=True)  # its slot passes to the VM booted next
        warm = self.pool.take(VM_KIND, owner)
        if warm is not None:  # booted ahead: its report (and boot time) is its own
            self._vms[owner] = warm.ref.id
            self._reports[warm.ref.id] = warm.extra
            return warm.ref.model_copy(update={"owner": owner}), warm.extra
        if self._capacity.full and not self._capacity.holds(owner):
            self.pool.evict_one()
        with self._capacity.slot(
            owner,
            wait=self._queue_wait,
            notify=notify,
            queued="vm_busy",
            gave_up=lambda: DemoError("vm_busy_gave_up", limit=self._capacity.limit),
            on_queued=self.pool.evict_one,
        ):
            ref, report = self._machines.boot(owner=owner, ttl_seconds=self._ttl, notify=notify)
        self._vms[owner] = ref.id
        self._reports[ref.id] = report
        return ref, report

    def _boot_ahead(self, _kind: str) -> tuple[ContainerRef, GuestReport]:
        """A VM for the pool; its lifetime covers the wait plus a learner's whole TTL."""
        return self._machines.boot(
            owner=POOL_OWNER, ttl_seconds=self._ttl + self.pool.max_age, notify=silent
        )

    def _container(self, owner: str, notify: Notify) -> DemoViews:
        try:
            return self._demos.views(owner)
        except DemoError as error:
            if error.key not in ("no_demo", "demo_exited"):
                raise
        return self._demos.run(owner, COMPARE_DEMO, notify=notify)

    def _container_side(self, views: DemoViews) -> Side:
        ref = views.container
        host = self._host_side.under_shim(ref.id)
        return Side(
            kind="container",
            name=ref.name,
            host=host,
            kernel=views.kernel.container,
            inside=parse_ps(self._sandbox.run_inside(ref.id, PS_INSIDE)),
            memory_kib=host.rss_kib,
            start_s=self._engine.start_seconds(ref.id),
        )

    def _vm_side(self, ref: ContainerRef, report: GuestReport) -> Side:
        return Side(
            kind="vm",
            name=ref.name,
            host=self._host_side.under_shim(ref.id),
            kernel=report.kernel,
            inside=report.ps,
            memory_kib=report.guest_ram_mb * 1024,
            start_s=report.boot_s,
            accelerator=report.accelerator,
        )

    def _gvisor_side(self, owner: str, views: DemoViews, notify: Notify) -> Side:
        """A gVisor sandbox of the same demo, read once and removed at once."""
        demo = self._demos.demo(views.container.demo)
        notify("progress_gvisor", {})
        ref = self._engine.start_gvisor(demo, owner=owner, ttl_seconds=self._ttl)
        try:
            # the demo's processes as the engine listed them for runc, plus `ps` itself
            inside = self._settled_ps(ref.id, want=len(views.top.rows) + 1)
            host = self._host_side.under_shim(ref.id)
            return Side(
                kind="gvisor",
                name=ref.name,
                host=host,
                kernel=self._sandbox.run_inside(ref.id, KERNEL_INSIDE).strip(),
                inside=inside,
                memory_kib=host.rss_kib,
                start_s=self._engine.start_seconds(ref.id),
            )
        finally:
            self._sandbox.remove(ref.id)

    def _settled_ps(self, container_id: str, *, want: int) -> Table:
        """`ps` inside, once the demo's processes are up (its workers start a moment later)."""
        waited = 0.0
        while True:
            inside = parse_ps(self._sandbox.run_inside(container_id, PS_INSIDE))
            if len(inside.rows) >= want or waited >= GVISOR_SETTLE_SECONDS:
                return inside
            self._sleep(0.2)
            waited += 0.2

    def _forget(self, owner: str, *, keep_slot: bool = False) -> None:
        container_id = self._vms.pop(owner, None)
        if container_id:
            self._reports.pop(container_id, None)
        if not keep_slot:
            self._capacity.release(owner)

    def _lock(self, owner: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(owner, threading.Lock())
