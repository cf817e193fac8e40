"""Container start vs VM boot, measured in one run on the same engine and host.

Each round, interleaved, with the tutor's own adapters (hardened, labelled, policy-checked):

- container: `DockerSandbox.start` of the nginx demo, timed from the call until the engine
  reports it running, and again until `ps` answers inside (nginx is serving by then);
- VM: `QemuMachines.boot`, timed from the call until the guest's report is in qemu's
  console log (kernel booted, init ran, busybox httpd started, `ps` printed);
- gVisor, when the engine offers `runsc`: the nginx demo under gVisor, like the container.

For each, the engine's own clock is read too (`Created` → `StartedAt` for containers,
`Created` → the guest's ready line for the VM), with the host memory each one holds (RSS of
everything under its containerd-shim). Medians of `--runs` rounds (default 3) are printed;
one unmeasured warm-up round comes first. Every container is removed in a `finally`, and
the owner `bench-vm-vs-container` is swept at the end (the count found is printed; 0 is right).

    python -m bench.vm_vs_container [--runs N] [--accel auto|kvm|tcg] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from bot.config import load_settings
from bot.core.demo.service import PS_INSIDE
from bot.sandbox.runner import DockerSandbox
from bot.sandbox.vm import QemuMachines
from bot.sandbox.vm_engine import DockerEngineFacts
from bot.sandbox.vm_host import ShimHost
from bot.wiring import course_from

OWNER = "bench-vm-vs-container"
DEMO = "nginx"
TTL_SECONDS = 300
MAX_RUNS = 20
Sample = dict[str, float]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="measured rounds (1-20)")
    parser.add_argument("--accel", choices=("auto", "kvm", "tcg"), default="auto")
    parser.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    options = parser.parse_args()
    runs = max(1, min(options.runs, MAX_RUNS))
    sandbox = DockerSandbox()
    machines = QemuMachines(sandbox, accelerator=options.accel)
    engine = DockerEngineFacts(sandbox)
    bench = Bench(sandbox, machines, engine)
    sides: dict[str, Callable[[], Sample]] = {"container": bench.container, "vm": bench.vm}
    if engine.has_gvisor():
        sides["gvisor"] = bench.gvisor
    samples: dict[str, list[Sample]] = {side: [] for side in sides}
    try:
        for side in sides.values():
            side()  # warm-up: image layers and page cache, not measured
        for _round in range(runs):
            for name, side in sides.items():
                samples[name].append(side())
    finally:
        swept = [ref.id for ref in sandbox.ours(owner=OWNER)]
        for container_id in swept:
            sandbox.remove(container_id)
    result = summarise(samples, runs=runs, accel=machines.accelerator(), swept=len(swept))
    if options.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)


class Bench:
    """One measured start of each kind; each removes what it started, whatever happens."""

    def __init__(
        self, sandbox: DockerSandbox, machines: QemuMachines, engine: DockerEngineFacts
    ) -> None:
        self.sandbox = sandbox
        self.machines = machines
        self.engine = engine
        self.host = ShimHost()
        self.demo = course_from(load_settings()).demo(DEMO)
        assert self.demo is not None

    def container(self) -> Sample:
        return self._container(runtime=None)

    def gvisor(self) -> Sample:
        return self._container(runtime="runsc")

    def _container(self, *, runtime: str | None) -> Sample:
        assert self.demo is not None
        started = time.perf_counter()
        ref = self.sandbox.start(self.demo, owner=OWNER, ttl_seconds=TTL_SECONDS, runtime=runtime)
        try:
            running = time.perf_counter() - started
            self.sandbox.run_inside(ref.id, PS_INSIDE)
            answering = time.perf_counter() - started
            return {
                "running_s": running,
                "answering_s": answering,
                "engine_s": self.engine.start_seconds(ref.id),
                "host_rss_mb": self.host.under_shim(ref.id).rss_kib / 1024,
            }
        finally:
            self.sandbox.remove(ref.id)

    def vm(self) -> Sample:
        started = time.perf_counter()
        ref, report = self.machines.boot(
            owner=OWNER, ttl_seconds=TTL_SECONDS, notify=lambda *_: None
        )
        try:
            return {
                "running_s": time.perf_counter() - started,
                "answering_s": time.perf_counter() - started,
                "engine_s": report.boot_s,
                "host_rss_mb": self.host.under_shim(ref.id).rss_kib / 1024,
                "guest_ram_mb": float(report.guest_ram_mb),
            }
        finally:
            self.sandbox.remove(ref.id)


def summarise(
    samples: dict[str, list[Sample]], *, runs: int, accel: str, swept: int
) -> dict[str, Any]:
    medians = {
        side: {key: round(statistics.median(s[key] for s in rows), 3) for key in rows[0]}
        for side, rows in samples.items()
    }
    container, vm = medians["container"], medians["vm"]
    return {
        "runs": runs,
        "accelerator": accel,
        "median": medians,
        "vm_over_container": {
            "start": round(vm["running_s"] / container["answering_s"], 1),
            "host_memory": round(vm["host_rss_mb"] / max(container["host_rss_mb"], 0.1), 1),
        },
        "left_behind": swept,
    }


def print_table(result: dict[str, Any]) -> None:
    print(
        f"container start vs VM boot: median of {result['runs']} run(s) each, "
        f"VM accelerator {result['accelerator']}"
    )
    print(f"{'':10} {'running':>9} {'ready':>9} {'engine':>9} {'host RSS':>10}")
    for side, row in result["median"].items():
        print(
            f"{side:10} {row['running_s']:>8.2f}s {row['answering_s']:>8.2f}s "
            f"{row['engine_s']:>8.2f}s {row['host_rss_mb']:>8.1f}MB"
        )
    ratio = result["vm_over_container"]
    print(
        f"VM / container: {ratio['start']}x the time to be ready, "
        f"{ratio['host_memory']}x the host memory"
    )
    print(f"left behind after the sweep: {result['left_behind']}")


if __name__ == "__main__":
    main()
