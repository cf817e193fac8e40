"""How many demos (and VMs) one host holds: memory and CPU per demo, start time as N grows.

On one engine (DOCKER_HOST, or `--docker-host`), through the tutor's own `DockerSandbox`
(hardened, labelled, policy-checked, the limits `Settings` gives):

1. **ramp**: `--demos` N demos started one after another; the start time of each (the
   `start` call, and the engine's `Created` → `StartedAt`), reported per group of
   `--step`, with the host's MemAvailable after each group;
2. **idle**: with all N running and `--settle` seconds after the last start, each demo's
   cgroup (memory charged, of which anon, and CPU time), the PSS of its processes and of its
   containerd-shim, then the CPU the demos and their shims use over `--idle` seconds;
3. **burst**: the N removed, `--burst` demos started by `--parallel` threads at once, as a
   class arriving together: starts per second on this host;
4. **VMs**, when `container-tutor/vm:1` is built: `--vms` VMs booted one after another
   (`QemuMachines`, KVM where it works, else TCG) and kept, then their memory and idle CPU.

From these: demos per GB and per core, and VMs per host. Every container carries this
bench's own run label (besides the tutor's labels and an expiry `--ttl` ahead) and is removed
in a `finally`, also on Ctrl-C, SIGTERM or SIGHUP; the output says how many the last sweep
found (0 is right). After a `kill -9`, the expiry and any tutor's orphan sweep remove them.

    python -m bench.host_capacity [--demos 50] [--vms 3] [--docker-host URL] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

import docker
import docker.errors
import psutil

from bench.cgroup_usage import Usage, host_memory, usage
from bot.config import load_settings
from bot.core.course import Demo
from bot.core.demo.models import ContainerRef
from bot.sandbox.recipes import VM
from bot.sandbox.runner import DockerSandbox, Limits
from bot.sandbox.vm import QemuMachines
from bot.sandbox.vm_engine import DockerEngineFacts
from bot.sandbox.vm_host import ShimHost
from bot.wiring import course_from

OWNER = "bench-host-capacity"
MB = 1024 * 1024
Row = dict[str, Any]


def main() -> None:
    options = parse()
    client = (
        docker.DockerClient(base_url=options.docker_host, timeout=120)
        if options.docker_host
        else docker.from_env(timeout=120)
    )
    settings = load_settings()
    limits = Limits(
        memory_mb=settings.demo_memory_mb, cpus=settings.demo_cpus, pids=settings.demo_pids_limit
    )
    sandbox = DockerSandbox(client, limits=limits, run_tag=f"bench-capacity-{uuid.uuid4().hex[:8]}")
    demo = course_from(settings).demo(options.demo)
    assert demo is not None, options.demo
    bench = Bench(sandbox, demo, options)
    result: Row = {"host": host_facts(client), "limits": vars(limits), "demo": options.demo}
    with interrupts_as_ctrl_c():
        try:
            result["ramp"] = bench.ramp()
            result["idle"] = bench.idle()
            bench.remove_all()
            result["burst"] = bench.burst()
            bench.remove_all()
            result["vms"] = bench.vms() if has_image(client, VM.tag) and options.vms else None
        except KeyboardInterrupt as stopped:
            raise SystemExit(
                f"interrupted ({str(stopped) or 'SIGINT'}); left behind: {bench.sweep()}"
            ) from None
        finally:
            result["left_behind"] = bench.sweep()
    result["capacity"] = capacity(result)
    print(json.dumps(result, indent=2) if options.json else report(result))


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demos", type=int, default=50, help="demos started in the ramp (N)")
    parser.add_argument("--step", type=int, default=10, help="ramp group size")
    parser.add_argument("--demo", default="nginx", help="which lesson demo (nginx, busybox)")
    parser.add_argument("--settle", type=float, default=10.0, help="seconds before measuring")
    parser.add_argument("--idle", type=float, default=30.0, help="seconds of idle CPU reading")
    parser.add_argument("--burst", type=int, default=30, help="demos started at once")
    parser.add_argument("--parallel", type=int, default=8, help="threads starting the burst")
    parser.add_argument("--vms", type=int, default=3, help="VMs booted (0: none)")
    parser.add_argument("--ttl", type=float, default=900.0, help="expiry label, seconds ahead")
    parser.add_argument("--docker-host", default=None, help="the engine (default: DOCKER_HOST)")
    parser.add_argument("--json", action="store_true", help="one JSON object instead of text")
    return parser.parse_args()


@contextmanager
def interrupts_as_ctrl_c() -> Iterator[None]:
    """SIGTERM and SIGHUP end the bench like Ctrl-C, so its `finally` removes everything."""

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    before = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


@dataclass
class Started:
    ref: ContainerRef
    call_s: float
    engine_s: float


class Bench:
    """The phases; every container it starts is found again by the sandbox's run label."""

    def __init__(self, sandbox: DockerSandbox, demo: Demo, options: argparse.Namespace) -> None:
        self.sandbox = sandbox
        self.demo = demo
        self.options = options
        self.facts = DockerEngineFacts(sandbox)
        self.shims = ShimHost()
        self.live: list[Started] = []

    def start(self, index: int) -> Started:
        began = time.perf_counter()
        ref = self.sandbox.start(self.demo, owner=f"{OWNER}-{index}", ttl_seconds=self.options.ttl)
        call_s = time.perf_counter() - began
        return Started(ref=ref, call_s=call_s, engine_s=self.facts.start_seconds(ref.id))

    def ramp(self) -> list[Row]:
        step = max(1, self.options.step)
        rows = []
        _total, available = host_memory()
        for first in range(0, self.options.demos, step):
            group = [self.start(first + i) for i in range(min(step, self.options.demos - first))]
            self.live += group
            _total, now = host_memory()
            rows.append(
                {
                    "demos": len(self.live),
                    "start_p50_s": median(s.call_s for s in group),
                    "start_max_s": max(s.call_s for s in group),
                    "engine_p50_s": median(s.engine_s for s in group),
                    "host_available_drop_mb": (available - now) / MB,
                }
            )
        return rows

    def idle(self) -> Row:
        time.sleep(self.options.settle)
        ids = [s.ref.id for s in self.live]
        before = self.readings(ids)
        began = time.monotonic()
        time.sleep(self.options.idle)
        after = self.readings(ids)
        seconds = time.monotonic() - began
        demos = len(ids)
        return {
            "demos": demos,
            "cgroup_memory_mb": median(r.cgroup.memory_bytes / MB for r in after),
            "cgroup_anon_mb": median(r.cgroup.anon_bytes / MB for r in after),
            "processes_pss_mb": median(r.pss_mb for r in after),
            "processes_rss_mb": median(r.rss_mb for r in after),
            "shim_pss_mb": median(r.shim_pss_mb for r in after),
            "idle_seconds": seconds,
            "demo_cpu_millicores": 1000 * cpu_spent(before, after, "demo") / seconds / demos,
            "shim_cpu_millicores": 1000 * cpu_spent(before, after, "shim") / seconds / demos,
        }

    def readings(self, ids: list[str]) -> list[Reading]:
        return [reading for reading in map(self.read, ids) if reading is not None]

    def read(self, container_id: str) -> Reading | None:
        seen = self.shims.under_shim(container_id)
        if not seen.tasks:
            return None
        cgroup = usage(seen.tasks[0].pid)
        if cgroup is None:
            return None
        return Reading(
            cgroup=cgroup,
            pss_mb=sum(pss_mb(task.pid) for task in seen.tasks),
            rss_mb=seen.rss_kib / 1024,
            shim_pss_mb=pss_mb(seen.shim_pid),
            shim_cpu_s=cpu_seconds(seen.shim_pid),
        )

    def burst(self) -> Row:
        count, threads = self.options.burst, max(1, self.options.parallel)
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="burst") as pool:
            try:
                started = list(pool.map(self.start, range(count)))
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
        wall = time.perf_counter() - began
        self.live += started
        return {
            "demos": count,
            "threads": threads,
            "wall_s": wall,
            "starts_per_s": count / wall,
            "start_p50_s": median(s.call_s for s in started),
            "start_max_s": max(s.call_s for s in started),
        }

    def vms(self) -> Row:
        machines = QemuMachines(self.sandbox)
        boots, guest_ram_mb = [], 0
        for index in range(self.options.vms):
            ref, report = machines.boot(
                owner=f"{OWNER}-vm-{index}", ttl_seconds=self.options.ttl, notify=lambda *_: None
            )
            self.live.append(Started(ref=ref, call_s=0.0, engine_s=report.boot_s))
            boots.append(report.boot_s)
            guest_ram_mb = report.guest_ram_mb
        ids = [s.ref.id for s in self.live[-len(boots) :]]
        time.sleep(self.options.settle)
        before = self.readings(ids)
        began = time.monotonic()
        time.sleep(self.options.idle)
        after = self.readings(ids)
        seconds = time.monotonic() - began
        return {
            "vms": len(ids),
            "accelerator": machines.accelerator(),
            "guest_ram_mb": guest_ram_mb,
            "memory_limit_mb": VM.memory_mb,
            "boot_s": boots,
            "cgroup_memory_mb": median(r.cgroup.memory_bytes / MB for r in after),
            "qemu_rss_mb": median(r.rss_mb for r in after),
            "shim_pss_mb": median(r.shim_pss_mb for r in after),
            "idle_cpu_millicores": 1000
            * (cpu_spent(before, after, "demo") + cpu_spent(before, after, "shim"))
            / seconds
            / len(ids),
        }

    def remove_all(self) -> None:
        ids = [ref.id for ref in self.sandbox.ours()]
        with ThreadPoolExecutor(max_workers=8, thread_name_prefix="remove") as pool:
            list(pool.map(self.sandbox.remove, ids))
        self.live = []

    def sweep(self) -> int:
        """Remove every container of this run; a create still on its way when the bench was
        interrupted lands a moment later, so sweep until one finds nothing. Returns what the
        last sweep found."""
        before = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C waits
        try:
            for _ in range(5):
                self.remove_all()
                time.sleep(1.0)
                if not self.sandbox.ours():
                    return 0
            return len(self.sandbox.ours())
        finally:
            signal.signal(signal.SIGINT, before)


@dataclass(frozen=True)
class Reading:
    cgroup: Usage
    pss_mb: float
    rss_mb: float
    shim_pss_mb: float
    shim_cpu_s: float


def cpu_spent(before: list[Reading], after: list[Reading], part: str) -> float:
    def total(readings: list[Reading]) -> float:
        if part == "demo":
            return sum(r.cgroup.cpu_seconds for r in readings)
        return sum(r.shim_cpu_s for r in readings)

    return max(0.0, total(after) - total(before))


def pss_mb(pid: int) -> float:
    try:
        return float(getattr(psutil.Process(pid).memory_full_info(), "pss", 0)) / MB
    except psutil.Error:
        return 0.0


def cpu_seconds(pid: int) -> float:
    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return 0.0
    return float(times.user + times.system)


def median(values: Any) -> float:
    found = list(values)
    return float(statistics.median(found)) if found else 0.0


def has_image(client: Any, tag: str) -> bool:
    try:
        client.images.get(tag)
    except docker.errors.ImageNotFound:
        return False
    return True


def host_facts(client: Any) -> Row:
    total, available = host_memory()
    info = client.info()
    return {
        "cpus": os.cpu_count(),
        "memory_total_mb": total / MB,
        "memory_available_mb": available / MB,
        "load_1m": os.getloadavg()[0],
        "engine": info.get("DockerRootDir"),
        "kernel": info.get("KernelVersion"),
        "cgroup": info.get("CgroupVersion"),
    }


def capacity(result: Row) -> Row:
    """Per host, from the measurements: memory decides; idle CPU is far from it."""
    host, idle, limits = result["host"], result["idle"], result["limits"]
    ramp = result["ramp"][-1]
    measured_mb = idle["cgroup_memory_mb"] + idle["shim_pss_mb"]
    # the host loses more than the cgroups show (the engine's own state per container, kernel
    # memory); MemAvailable's drop says so, with other work's noise: take the larger
    host_view_mb = ramp["host_available_drop_mb"] / ramp["demos"]
    used_mb = max(measured_mb, host_view_mb)
    worst_mb = limits["memory_mb"] + used_mb - idle["cgroup_memory_mb"]
    idle_mcores = idle["demo_cpu_millicores"] + idle["shim_cpu_millicores"]
    found: Row = {
        "cgroup_and_shim_mb_per_demo": measured_mb,
        "host_available_drop_mb_per_demo": host_view_mb,
        "host_mb_per_demo": used_mb,
        "demos_per_gb": 1024 / used_mb,
        "demos_per_gb_at_limit": 1024 / worst_mb,
        "idle_millicores_per_demo": idle_mcores,
        "idle_demos_per_core": 1000 / idle_mcores if idle_mcores else None,
        "busy_demos_per_core": 1 / limits["cpus"],
        "starts_per_s_per_core": result["burst"]["starts_per_s"] / host["cpus"],
    }
    vms = result.get("vms")
    if vms:
        vm_mb = vms["cgroup_memory_mb"] + vms["shim_pss_mb"]
        found["host_mb_per_vm"] = vm_mb
        found["vms_per_host_by_memory"] = int(host["memory_total_mb"] // vm_mb)
        found["vms_per_host_at_limit"] = int(
            host["memory_total_mb"] // (vms["memory_limit_mb"] + vms["shim_pss_mb"])
        )
        found["vm_boots_at_once"] = host["cpus"]  # each boot keeps one CPU busy (its quota)
    return found


def report(result: Row) -> str:
    host, idle, cap = result["host"], result["idle"], result["capacity"]
    lines = [
        f"host: {host['cpus']} CPUs, {host['memory_total_mb']:.0f} MB, load {host['load_1m']:.1f}"
        f" at start; engine {host['engine']}, cgroup v{host['cgroup']}",
        f"demo: {result['demo']}, limits {result['limits']}",
        "",
        f"ramp, one start after another ({'demos':>5} {'p50':>7} {'max':>7} "
        f"{'engine':>7} {'MemAvailable drop':>18})",
    ]
    for row in result["ramp"]:
        lines.append(
            f"{'':36} {row['demos']:>5} {row['start_p50_s']:>6.2f}s {row['start_max_s']:>6.2f}s"
            f" {row['engine_p50_s']:>6.2f}s {row['host_available_drop_mb']:>15.0f} MB"
        )
    lines += [
        "",
        f"per idle demo (median of {idle['demos']}): cgroup {idle['cgroup_memory_mb']:.1f} MB "
        f"(anon {idle['cgroup_anon_mb']:.1f}), processes PSS {idle['processes_pss_mb']:.1f} MB "
        f"(RSS {idle['processes_rss_mb']:.1f}), shim PSS {idle['shim_pss_mb']:.1f} MB",
        f"idle CPU over {idle['idle_seconds']:.0f} s: demo {idle['demo_cpu_millicores']:.3f} + "
        f"shim {idle['shim_cpu_millicores']:.3f} millicores per demo",
        f"burst: {result['burst']['demos']} demos by {result['burst']['threads']} threads in "
        f"{result['burst']['wall_s']:.1f} s = {result['burst']['starts_per_s']:.1f} starts/s "
        f"(each p50 {result['burst']['start_p50_s']:.2f} s, max "
        f"{result['burst']['start_max_s']:.2f} s)",
    ]
    vms = result.get("vms")
    if vms:
        boots = ", ".join(f"{b:.1f}" for b in vms["boot_s"])
        lines.append(
            f"VMs ({vms['accelerator']}, {vms['guest_ram_mb']} MB guest RAM): boots {boots} s; "
            f"cgroup {vms['cgroup_memory_mb']:.0f} MB, qemu RSS {vms['qemu_rss_mb']:.0f} MB, "
            f"idle {vms['idle_cpu_millicores']:.0f} millicores each"
        )
    else:
        lines.append("VMs: not measured (no container-tutor/vm:1, or --vms 0)")
    lines += ["", "capacity of this host:"] + [
        f"  {key}: {value:.2f}" if isinstance(value, float) else f"  {key}: {value}"
        for key, value in cap.items()
    ]
    lines.append(f"left behind after the sweep: {result['left_behind']}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
