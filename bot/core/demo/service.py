"""Live demo sessions: one demo per learner, a global cap, and the views that prove the point."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from bot.core.capacity import Capacity
from bot.core.course import Course, Demo
from bot.core.demo.models import (
    ContainerRef,
    DemoViews,
    ExecView,
    Kernel,
    Namespaces,
    PidMapEntry,
    StopView,
    Table,
)
from bot.core.demo.pool import POOL_OWNER, Warm, WarmPool
from bot.core.demo.ports import HostInspector, Sandbox, SandboxError
from bot.core.notes import Notify, silent

DEFAULT_DEMO = "nginx"
PS_INSIDE = ("ps", "-eo", "pid,ppid,user,args")
KERNEL_INSIDE = ("uname", "-r")
NAMESPACE_INSIDE = ("readlink", "/proc/1/ns/pid")
SETTLE_SECONDS = 5.0


class DemoError(Exception):
    """Something the learner can act on; `key` and `params` select a message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class DemoService:
    """Starts, inspects, stops and removes each learner's demo container."""

    def __init__(
        self,
        *,
        course: Course,
        sandbox: Sandbox,
        host: HostInspector,
        capacity: Capacity,
        ttl_seconds: float,
        queue_wait: float,
        clock: Callable[[], float] = time.time,
        pool_size: int = 0,
        pool_max_age: float = 600.0,
    ) -> None:
        self._course = course
        self._sandbox = sandbox
        self._host = host
        self._capacity = capacity
        self._ttl = ttl_seconds
        self._queue_wait = queue_wait
        self._clock = clock
        self._live: dict[str, str] = {}
        self._kernels: dict[str, str] = {}
        """`uname -r` inside each live demo: a container's kernel never changes."""
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self.pool: WarmPool[str] = WarmPool(
            kinds=[demo.id for demo in course.demos],
            size=pool_size,
            max_age=pool_max_age,
            capacity=capacity,
            make=self._warm_one,
            alive=lambda container_id: self._sandbox.get(container_id),
            remove=lambda container_id: self._sandbox.remove(container_id),
            name="demo-pool",
        )

    def demo(self, demo_id: str | None) -> Demo:
        wanted = (demo_id or DEFAULT_DEMO).strip().lower()
        demo = self._course.demo(wanted)
        if demo is None:
            known = ", ".join(d.id for d in self._course.demos)
            raise DemoError("unknown_demo", name=wanted[:40], known=known)
        return demo

    def run(self, owner: str, demo_id: str | None = None, *, notify: Notify = silent) -> DemoViews:
        """Start a demo for `owner`, replacing theirs if they had one, and read its views."""
        demo = self.demo(demo_id)
        with self._lock(owner):
            self._drop(owner, keep_slot=True)  # a replaced demo's slot passes to the new one
            asked = self._clock()
            warm = self.pool.take(demo.id, owner)
            if warm is not None:
                return self._hand_out(owner, warm, asked=asked, notify=notify)
            if self._capacity.full and not self._capacity.holds(owner):
                self.pool.evict_one()  # a learner's demo comes before a spare one
            with self._capacity.slot(
                owner,
                wait=self._queue_wait,
                notify=notify,
                queued="busy",
                gave_up=lambda: DemoError("busy_gave_up", limit=self._capacity.limit),
                on_queued=self.pool.evict_one,  # a spare that became ready meanwhile gives way
            ):
                notify("progress_created", {})
                started = self._clock()
                ref = self._sandbox.start(demo, owner=owner, ttl_seconds=self._ttl)
            self._live[owner] = ref.id
            self._settle(ref.id, demo)
            notify("progress_started", {"name": ref.name})
            views = self._views(ref)
        return views.model_copy(update={"seconds": round(self._clock() - started, 3)})

    def _hand_out(self, owner: str, warm: Warm[str], *, asked: float, notify: Notify) -> DemoViews:
        """A pooled container is the learner's now; its views are read as for any other."""
        ref = warm.ref.model_copy(update={"owner": owner})
        self._live[owner] = ref.id
        notify("progress_started", {"name": ref.name})
        views = self._views(ref, kernel_inside=warm.extra)
        ahead = max(asked - ref.started_at, 0.0) if ref.started_at else 0.0
        return views.model_copy(
            update={
                "seconds": round(self._clock() - asked, 3),
                "from_pool": True,
                "ahead_seconds": round(ahead, 3),
            }
        )

    def _warm_one(self, demo_id: str) -> tuple[ContainerRef, str]:
        """A container for the pool, started for nobody yet, and its kernel as seen inside.

        Its expiry covers the wait in the pool plus a learner's whole lifetime.
        """
        demo = self.demo(demo_id)
        ref = self._sandbox.start(demo, owner=POOL_OWNER, ttl_seconds=self._ttl + self.pool.max_age)
        try:
            self._settle(ref.id, demo)
            kernel = self._sandbox.run_inside(ref.id, KERNEL_INSIDE).strip()
        except BaseException:
            self._sandbox.remove(ref.id)
            raise
        return ref, kernel

    @property
    def capacity(self) -> Capacity:
        """The cap on live demos, for adapters that queue a `run` before it reaches `run`."""
        return self._capacity

    @property
    def queue_wait(self) -> float:
        return self._queue_wait

    def has_live(self, owner: str) -> bool:
        """Whether `owner` has a demo this service started (it may have exited since)."""
        return owner in self._live

    @property
    def live_count(self) -> int:
        return len(self._live)

    def current(self, owner: str) -> ContainerRef:
        container_id = self._live.get(owner)
        ref = self._sandbox.get(container_id) if container_id else None
        if ref is None:
            self._forget(owner)
            raise DemoError("no_demo")
        if ref.owner == POOL_OWNER:  # handed out from the pool: the label cannot say so
            return ref.model_copy(update={"owner": owner})
        return ref

    def views(self, owner: str) -> DemoViews:
        with self._lock(owner):
            return self._views(self._running(owner))

    def exec(self, owner: str, *, notify: Notify = silent) -> ExecView:
        """Start the demo's exec command inside and show it from both sides."""
        with self._lock(owner):
            ref = self._running(owner)
            demo = self.demo(ref.demo)
            before = set(_pids(self._sandbox.top(ref.id, shape="ef")))
            notify("progress_exec", {})
            self._sandbox.start_inside(ref.id, demo.exec_command)
            new_pid = self._wait_for_new_pid(ref.id, before)
            inside = parse_ps(self._sandbox.run_inside(ref.id, PS_INSIDE))
            pids = _pids(self._sandbox.top(ref.id, shape="ef"))
            mapped = {entry.host_pid: entry for entry in self._host.pid_map(pids)}
            parent_pid, parent_name = self._host.parent(new_pid)
            return ExecView(
                container=ref,
                command=" ".join(demo.exec_command),
                inside=inside,
                process=mapped.get(new_pid, PidMapEntry(host_pid=new_pid, ns_pid=0, cmd="?")),
                parent_pid=parent_pid,
                parent_name=parent_name,
                main=mapped.get(
                    ref.main_pid, PidMapEntry(host_pid=ref.main_pid, ns_pid=1, cmd="?")
                ),
                tree=self._host.tree(pids),
            )

    def stop(self, owner: str, *, notify: Notify = silent) -> StopView:
        """End the main process; the container exits with it."""
        with self._lock(owner):
            before = self._running(owner)
            notify("progress_stop", {})
            started = self._clock()
            after, signal = self._sandbox.stop_main(before.id)
            return StopView(
                before=before, after=after, signal=signal, seconds=round(self._clock() - started, 3)
            )

    def clean(self, owner: str) -> ContainerRef | None:
        with self._lock(owner):
            return self._drop(owner)

    def reap(self) -> list[str]:
        """Remove expired demos and give their slots back."""
        removed = self._sandbox.reap_expired(now=self._clock())
        self.pool.forget(removed)
        for owner, container_id in list(self._live.items()):
            if container_id in removed:
                self._forget(owner)
        return removed

    def _views(self, ref: ContainerRef, *, kernel_inside: str = "") -> DemoViews:
        """One engine round trip for both `top` shapes, one for `uname -r` inside (unless the
        pool or an earlier view read it already, from this same container), then the host's
        /proc once."""
        kernel_inside = kernel_inside or self._kernels.get(ref.id, "")
        if kernel_inside:
            top, top_aux = self._sandbox.tops(ref.id)
        else:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="views") as pool:
                asked_kernel = pool.submit(self._sandbox.run_inside, ref.id, KERNEL_INSIDE)
                top, top_aux = self._sandbox.tops(ref.id)
                kernel_inside = asked_kernel.result().strip()
        self._kernels[ref.id] = kernel_inside
        pids = _pids(top)
        seen = self._host.snapshot(pids)
        return DemoViews(
            container=ref,
            top=top,
            top_aux=top_aux,
            host_ps=seen.ps,
            tree=seen.tree,
            pid_map=seen.pid_map,
            namespaces=Namespaces(
                container=self._container_namespace(ref),
                host=self._host.own_pid_namespace(),
            ),
            kernel=Kernel(host=self._host.kernel_release(), container=kernel_inside),
        )

    def _container_namespace(self, ref: ContainerRef) -> str:
        """Read from the host's /proc; a tutor that is not root (its image runs as a plain
        user) may not read another user's namespace links, so then ask PID 1's from inside."""
        seen = self._host.pid_namespace(ref.main_pid)
        if seen.startswith("pid:["):
            return seen
        try:
            inside = self._sandbox.run_inside(ref.id, NAMESPACE_INSIDE).strip()
        except SandboxError:
            return seen
        return inside if inside.startswith("pid:[") else seen

    def _running(self, owner: str) -> ContainerRef:
        ref = self.current(owner)
        if ref.state != "running":
            raise DemoError("demo_exited", code=ref.exit_code)
        return ref

    def _settle(self, container_id: str, demo: Demo) -> None:
        """Wait until the demo runs the processes it starts with (nginx forks its workers just
        after the master starts), so the first views show them. A demo that never gets there
        is shown as it is after SETTLE_SECONDS: the views tell the truth either way."""
        if demo.ready_processes <= 1:
            return
        deadline = time.monotonic() + SETTLE_SECONDS
        while len(_pids(self._sandbox.top(container_id, shape="ef"))) < demo.ready_processes:
            if time.monotonic() > deadline:
                return
            time.sleep(0.02)

    def _wait_for_new_pid(self, container_id: str, before: set[int]) -> int:
        deadline = time.monotonic() + 5
        while True:
            fresh = set(_pids(self._sandbox.top(container_id, shape="ef"))) - before
            if fresh:
                return max(fresh)
            if time.monotonic() > deadline:
                raise DemoError("exec_not_seen")
            time.sleep(0.02)

    def _drop(self, owner: str, *, keep_slot: bool = False) -> ContainerRef | None:
        container_id = self._live.get(owner)
        ref = self._sandbox.get(container_id) if container_id else None
        if container_id:
            self._sandbox.remove(container_id)
        if keep_slot:
            gone = self._live.pop(owner, None)
            if gone:
                self._kernels.pop(gone, None)
        else:
            self._forget(owner)
        return ref

    def _forget(self, owner: str) -> None:
        container_id = self._live.pop(owner, None)
        if container_id:
            self._kernels.pop(container_id, None)
        self._capacity.release(owner)

    def _lock(self, owner: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(owner, threading.Lock())


def _pids(top: Table) -> list[int]:
    if not top.has("PID"):
        return []
    return [int(value) for value in top.column("PID") if value.isdigit()]


def parse_ps(output: str) -> Table:
    """Parse `ps -eo ...` output: the last column (args) keeps its spaces."""
    lines = [line for line in output.splitlines() if line.strip()]
    if not lines:
        return Table(titles=(), rows=())
    titles = tuple(lines[0].split())
    rows = tuple(tuple(line.split(None, len(titles) - 1)) for line in lines[1:])
    return Table(titles=titles, rows=rows)
