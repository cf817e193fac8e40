"""Time from `run` to all four views ready, tutor vs. the same sequence with the docker CLI.

Tutor side: `DemoService.run(owner, "nginx")` (hardened create, policy check, start, the four
views) and then `DemoService.clean(owner)`.

- pooled: the same, with a warm pool (`DEMO_POOL_SIZE=1`) that was full when `run` came, so
  `run` hands out a container that is already running and reads its views; the pool's
  refill runs in the background as it does in `serve` (its engine calls are not counted in
  the breakdown, its CPU use is in the timing);

- cold: the first run in a fresh Python process (`--cold-once` child), timed inside the child
  from just before `build()` (so it includes the course load and creating the docker client)
  to views ready; the child's whole wall time (spawn to exit) is reported separately;
- warm, pool empty: `--runs` further runs in this process, timed run→views and
  run→views+clean: the container is created on request (the pool is off).

CLI side, in the same run and interleaved with both kinds of tutor runs: `docker run -d` with the
tutor's own hardening flags (translated from `hardened_config`), `docker top NAME -ef`,
`ps aux` (the whole host), `pstree -halps MASTER`, `docker exec NAME ps aux`, `docker rm -f`.

Every container made here is removed, even on error: CLI containers carry the label
`container-tutor.bench=1` (never `container-tutor`, so no tutor reaper touches them) and the
tutor's carry the owner `bench-demo-views`; both labels are swept at the end.

    python -m bench.demo_views [--runs N] [--cold-runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from bot.config import load_settings
from bot.core.demo.models import DemoViews
from bot.core.demo.service import DemoService
from bot.sandbox.recipes import RECIPES
from bot.sandbox.runner import LABEL, LABEL_OWNER, Limits, hardened_config, instance_id
from bot.wiring import Parts, build

DEMO = "nginx"
OWNER = "bench-demo-views"
BENCH_LABEL = "container-tutor.bench"
CLI_NAME_PREFIX = "bench-demo-views-cli-"
STEP_TIMEOUT = 60.0
COLD_TIMEOUT = 180.0
MAX_RUNS = 1000
REPO = Path(__file__).resolve().parent.parent
CLI_STEPS = ("docker run -d", "docker top -ef", "ps aux", "pstree -halps", "docker exec ps aux")
CLI_REMOVE = "docker rm -f"
RATIO_LABELS = {
    "views_ready_tutor_pooled_over_cli": "tutor pooled / cli, views ready (target ≤ 0.3)",
    "views_ready_tutor_warm_over_cli": "tutor pool empty / cli, views ready (target ≤ 1.0)",
    "with_removal_tutor_warm_over_cli": "tutor pool empty / cli, incl. removal",
    "views_ready_tutor_cold_over_cli": "tutor cold build()→views / cli views ready",
}
TARGETS = {"views_ready_tutor_pooled_over_cli": 0.3, "views_ready_tutor_warm_over_cli": 1.0}
VIEWS = "run→views"
CLEAN = "clean"
VIEWS_TOTAL = f"{VIEWS}, all"
VIEWS_REST = f"{VIEWS}, rest (capacity, models, Python; < 0: calls overlapped)"
CLEAN_TOTAL = f"{CLEAN}, all"
POOL_THREADS = ("demo-pool", "vm-pool")
POOL_READY_TIMEOUT = 120.0

Samples = dict[str, list[float]]


# --------------------------------------------------------------------------- statistics


def p90(values: Sequence[float]) -> float:
    """Nearest-rank 90th percentile (the 9th of 10 sorted values)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(0.9 * len(ordered)) - 1, 0)]


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def summary(values: Sequence[float]) -> dict[str, Any]:
    """Milliseconds: median, p90, min, max and every sample in run order."""
    ms = [round(value * 1000, 1) for value in values]
    if not ms:
        return {"n": 0}
    return {
        "n": len(ms),
        "median": round(median(ms), 1),
        "p90": p90(ms),
        "min": min(ms),
        "max": max(ms),
        "samples": ms,
    }


# --------------------------------------------------------------------------- tutor side


@dataclass
class Profile:
    """Wall time and engine HTTP requests per sandbox / host call, summed within one run."""

    current: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    requests: Counter[str] = field(default_factory=Counter)
    endpoints: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    per_run: Samples = field(default_factory=lambda: defaultdict(list))
    stage: str = VIEWS
    _local: threading.local = field(default_factory=threading.local)

    @property
    def phase(self) -> str:
        """Per thread: the views' parallel `uname -r` is its own phase, not the caller's."""
        return str(getattr(self._local, "phase", f"{self.stage}: other"))

    @phase.setter
    def phase(self, value: str) -> None:
        self._local.phase = value

    def wrap(self, owner: object, name: str, label: Callable[..., str]) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            if _in_pool():
                return original(*args, **kwargs)
            outer, self.phase = self.phase, f"{self.stage}: {label(*args, **kwargs)}"
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.current[self.phase] += time.perf_counter() - started
                self.phase = outer

        setattr(owner, name, timed)

    def count_requests(self, api: Any) -> None:
        original = api.request

        def counted(method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            if _in_pool():
                return original(method, url, *args, **kwargs)
            self.requests[self.phase] += 1
            self.endpoints[self.phase][f"{method} {_endpoint(url)}"] += 1
            return original(method, url, *args, **kwargs)

        api.request = counted

    def close_run(self) -> None:
        for phase, seconds in self.current.items():
            self.per_run[phase].append(seconds)
        self.current.clear()


def _in_pool() -> bool:
    """The warm pool's own filler: its work is not the request's, so it is not profiled."""
    return threading.current_thread().name.startswith(POOL_THREADS)


def _endpoint(url: str) -> str:
    path = url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
    parts = path.split("/")
    if parts and parts[0].startswith("v1."):
        parts = parts[1:]
    return "/" + "/".join("{id}" if len(part) == 64 else part for part in parts)


def instrument(parts: Parts, profile: Profile) -> None:
    """Time each port call the demo service makes (a few µs of overhead per call)."""
    sandbox = parts.sandbox
    profile.wrap(sandbox, "start", lambda *_a, **_k: "sandbox.start (create, policy, start)")
    profile.wrap(sandbox, "top", lambda *_a, shape, **_k: f"sandbox.top {shape}")
    profile.wrap(sandbox, "tops", lambda *_a, **_k: "sandbox.tops (-ef and aux, one call)")
    profile.wrap(sandbox, "run_inside", lambda *a, **_k: f"sandbox.run_inside {' '.join(a[1])}")
    profile.wrap(sandbox, "get", lambda *_a, **_k: "sandbox.get (inspect)")
    profile.wrap(sandbox, "remove", lambda *_a, **_k: "sandbox.remove")
    host = parts.demos._host
    for name in (
        "snapshot",
        "ps",
        "tree",
        "pid_map",
        "pid_namespace",
        "own_pid_namespace",
        "kernel_release",
    ):
        profile.wrap(host, name, lambda *_a, **_k: "host /proc views (one read per file)")
    profile.count_requests(sandbox.client.api)


def check_views(views: DemoViews) -> None:
    """The run must really have produced the four views, or the timing means nothing."""
    problems = []
    if not views.top.rows:
        problems.append("docker top is empty")
    if not views.host_ps:
        problems.append("host ps is empty")
    if not views.pid_map:
        problems.append("pid map is empty")
    if not views.kernel.container:
        problems.append("no kernel release from inside")
    if problems:
        raise RuntimeError("tutor views incomplete: " + "; ".join(problems))


def pool_full(demos: DemoService) -> None:
    """Wait (untimed) until every demo's pool is full, so `run` finds a ready container and
    no refill of an earlier run is still competing for the CPU."""
    pool = demos.pool
    for kind in pool.kinds:
        if not pool.wait_ready(kind, pool.size, timeout=POOL_READY_TIMEOUT):
            raise RuntimeError(f"the warm pool did not fill with {kind} in time")


def tutor_once(
    demos: DemoService, profile: Profile | None = None, *, pooled: bool = False
) -> dict[str, float]:
    cleaned = False
    if pooled:
        pool_full(demos)
    if profile is not None:
        profile.stage = VIEWS
    started = time.perf_counter()
    try:
        views = demos.run(OWNER, DEMO)
        ready = time.perf_counter()
        if profile is not None:
            profile.stage = CLEAN
        demos.clean(OWNER)
        cleaned = True
        done = time.perf_counter()
    finally:
        if not cleaned:
            demos.clean(OWNER)
    if pooled and not views.from_pool:
        raise RuntimeError("a pooled run did not get a container started ahead of time")
    if profile is not None:
        in_views = sum(v for k, v in profile.current.items() if k.startswith(f"{VIEWS}:"))
        profile.current[VIEWS_REST] = ready - started - in_views
        profile.current[VIEWS_TOTAL] = ready - started
        profile.current[CLEAN_TOTAL] = done - ready
        profile.close_run()
    check_views(views)
    return {"views": ready - started, "total": done - started}


def cold_once() -> int:
    """Child process: one run from build() on, one JSON line on stdout."""
    settings = load_settings()
    parts: Parts | None = None
    cleaned = False
    started = time.perf_counter()
    try:
        parts = build(settings)
        built = time.perf_counter()
        parts.sandbox.client  # noqa: B018 - created lazily by the first start() anyway
        connected = time.perf_counter()
        views = parts.demos.run(OWNER, DEMO)
        ready = time.perf_counter()
        parts.demos.clean(OWNER)
        cleaned = True
        done = time.perf_counter()
    finally:
        if parts is not None and not cleaned:
            parts.demos.clean(OWNER)
    check_views(views)
    found = {
        "build_to_views": ready - started,
        "build": built - started,
        "client": connected - built,
        "first_run": ready - connected,
        "clean": done - ready,
    }
    print(json.dumps(found))
    return 0


def tutor_cold(times: int) -> Samples:
    found: Samples = defaultdict(list)
    for index in range(times):
        _say(f"tutor cold {index + 1}/{times}")
        started = time.perf_counter()
        child = subprocess.run(
            [sys.executable, "-m", "bench.demo_views", "--cold-once"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=COLD_TIMEOUT,
            check=False,
        )
        wall = time.perf_counter() - started
        if child.returncode != 0:
            tail = child.stderr[-800:]
            raise RuntimeError(f"cold child failed (exit {child.returncode}): {tail}")
        inside = json.loads(child.stdout.strip().splitlines()[-1])
        for key, value in inside.items():
            found[key].append(value)
        found["process_wall"].append(wall)
        found["outside"].append(wall - inside["build_to_views"] - inside["clean"])
    return found


# --------------------------------------------------------------------------- CLI side


def cli_run_args(config: dict[str, Any], *, name: str) -> list[str]:
    """`docker run` flags equal to a `hardened_config` result; unknown keys are an error."""
    left = dict(config)
    image = left.pop("image")
    command = [str(part) for part in left.pop("command")]
    left.pop("name")
    args = ["docker", "run", "--name", name]
    if left.pop("detach"):
        args.append("-d")
    if hostname := left.pop("hostname", None):
        args += ["--hostname", hostname]
    labels = dict(left.pop("labels"))
    labels.pop(LABEL, None)  # the tutor's own orphan reaper keys on this one: leave it out
    labels[BENCH_LABEL] = "1"
    for key, value in labels.items():
        args += ["--label", f"{key}={value}"]
    args += ["--network", left.pop("network_mode")]
    if left.pop("read_only"):
        args.append("--read-only")
    for path, options in left.pop("tmpfs").items():
        args += ["--tmpfs", f"{path}:{options}"]
    for cap in left.pop("cap_drop"):
        args += ["--cap-drop", cap]
    for cap in left.pop("cap_add"):
        args += ["--cap-add", cap]
    for option in left.pop("security_opt"):
        args += ["--security-opt", option]
    if left.pop("privileged"):
        args.append("--privileged")
    args += ["--memory", left.pop("mem_limit"), "--memory-swap", left.pop("memswap_limit")]
    args += ["--cpus", f"{left.pop('nano_cpus') / 1_000_000_000:g}"]
    args += ["--pids-limit", str(left.pop("pids_limit"))]
    args += ["--restart", left.pop("restart_policy")["Name"]]
    args += ["--cgroupns", left.pop("cgroupns")]
    args += ["--stop-signal", left.pop("stop_signal")]
    for key, value in left.pop("environment").items():
        args += ["--env", f"{key}={value}"]
    log_config = left.pop("log_config")
    args += ["--log-driver", log_config["Type"]]
    for key, value in log_config.get("Config", {}).items():
        args += ["--log-opt", f"{key}={value}"]
    for device in left.pop("devices"):
        args += ["--device", device]
    if runtime := left.pop("runtime"):
        args += ["--runtime", runtime]
    if left.pop("stdin_open", False):
        args.append("--interactive")
    if left.pop("tty", False):
        args.append("--tty")
    if left:
        raise RuntimeError(f"hardened_config options this bench cannot translate: {sorted(left)}")
    return [*args, image, *command]


def cli_template(parts: Parts) -> dict[str, Any]:
    settings = parts.settings
    return hardened_config(
        RECIPES[DEMO],
        parts.demos.demo(DEMO),
        instance="bench",
        owner=OWNER,
        expires=time.time() + settings.demo_ttl_seconds,
        limits=Limits(
            memory_mb=settings.demo_memory_mb,
            cpus=settings.demo_cpus,
            pids=settings.demo_pids_limit,
        ),
    )


def _run(args: Sequence[str]) -> str:
    done = subprocess.run(
        list(args), capture_output=True, text=True, timeout=STEP_TIMEOUT, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"`{' '.join(args[:3])} …` failed ({done.returncode}): {done.stderr}")
    return done.stdout


def master_pid(top_ef: str) -> int:
    """From `docker top -ef`: the process whose parent is not in the container."""
    rows = [line.split(None, 7) for line in top_ef.splitlines()[1:] if line.strip()]
    pids = {row[1] for row in rows}
    for row in rows:
        if row[2] not in pids:
            return int(row[1])
    raise RuntimeError(f"no master process in docker top output: {top_ef!r}")


def cli_once(template: dict[str, Any]) -> dict[str, float]:
    name = CLI_NAME_PREFIX + secrets.token_hex(4)
    run_args = cli_run_args(template, name=name)
    steps: dict[str, float] = {}
    removed = False
    started = mark = time.perf_counter()

    def step(label: str, args: Sequence[str]) -> str:
        nonlocal mark
        out = _run(args)
        now = time.perf_counter()
        steps[label] = now - mark
        mark = now
        return out

    try:
        step("docker run -d", run_args)
        master = master_pid(step("docker top -ef", ["docker", "top", name, "-ef"]))
        step("ps aux", ["ps", "aux"])
        step("pstree -halps", ["pstree", "-halps", str(master)])
        inside = step("docker exec ps aux", ["docker", "exec", name, "ps", "aux"])
        ready = time.perf_counter()
        step(CLI_REMOVE, ["docker", "rm", "-f", name])
        removed = True
        done = time.perf_counter()
    finally:
        if not removed:
            subprocess.run(
                ["docker", "rm", "-f", name], capture_output=True, timeout=STEP_TIMEOUT, check=False
            )
    if "nginx" not in inside:
        raise RuntimeError("docker exec ps aux did not show nginx")
    return {"views": ready - started, "total": done - started, **steps}


# --------------------------------------------------------------------------- the whole bench


def sweep() -> int:
    """Remove every container this bench may have made; how many were still there."""
    ids: set[str] = set()
    for label in (f"{BENCH_LABEL}=1", f"{LABEL_OWNER}={OWNER}", f"{LABEL}={instance_id()}"):
        done = subprocess.run(
            ["docker", "ps", "-aq", "--no-trunc", "--filter", f"label={label}"],
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
            check=False,
        )
        ids.update(done.stdout.split())
    if ids:
        subprocess.run(
            ["docker", "rm", "-f", *sorted(ids)],
            capture_output=True,
            timeout=STEP_TIMEOUT,
            check=False,
        )
    return len(ids)


def preflight() -> None:
    missing = [tool for tool in ("docker", "ps", "pstree") if shutil.which(tool) is None]
    if missing:
        raise SystemExit(f"missing on PATH: {', '.join(missing)}")
    image = RECIPES[DEMO].tag
    found = subprocess.run(
        ["docker", "image", "inspect", image],
        capture_output=True,
        timeout=STEP_TIMEOUT,
        check=False,
    )
    if found.returncode != 0:
        raise SystemExit(f"{image} is not built; run `container-tutor images build` first")


def breakdown(profile: Profile, runs: int) -> dict[str, Any]:
    return {
        phase: {
            **summary(values),
            "http_requests_per_run": round(profile.requests[phase] / runs, 1),
            "endpoints": {
                endpoint: round(count / runs, 1)
                for endpoint, count in profile.endpoints[phase].items()
            },
        }
        for phase, values in profile.per_run.items()
    }


def bench(runs: int, cold_runs: int) -> dict[str, Any]:
    cold = tutor_cold(cold_runs)
    settings = load_settings()
    parts = build(settings.model_copy(update={"demo_pool_size": 0}))
    pooled = build(settings.model_copy(update={"demo_pool_size": 1}))
    pooled.demos.pool.start()
    try:
        return _bench(runs, cold, parts, pooled) | {"cold_runs": cold_runs}
    finally:
        pooled.demos.pool.close()


def _bench(runs: int, cold: Samples, parts: Parts, pooled: Parts) -> dict[str, Any]:
    template = cli_template(parts)
    _say("warm-up (not counted): one tutor run of each kind, one CLI sequence")
    warmup = {
        "tutor": tutor_once(parts.demos),
        "pooled": tutor_once(pooled.demos, pooled=True),
        "cli": cli_once(template),
    }
    profile, pooled_profile = Profile(), Profile()
    instrument(parts, profile)
    instrument(pooled, pooled_profile)
    found: dict[str, Samples] = {side: defaultdict(list) for side in ("tutor", "pooled", "cli")}
    sides = ("tutor", "pooled", "cli")
    for index in range(runs):
        _say(f"warm {index + 1}/{runs}")
        shift = index % len(sides)  # each side goes first, second and third in turn
        for side in sides[shift:] + sides[:shift]:
            if side == "tutor":
                times = tutor_once(parts.demos, profile)
            elif side == "pooled":
                times = tutor_once(pooled.demos, pooled_profile, pooled=True)
                pool_full(pooled.demos)  # the refill must not run into the next side's time
            else:
                times = cli_once(template)
            for key, value in times.items():
                found[side][key].append(value)
    return {
        "unit": "ms",
        "demo": DEMO,
        "runs": runs,
        "cli_run_command": shlex.join(cli_run_args(template, name="NAME")),
        "tutor_cold": {key: summary(values) for key, values in cold.items()},
        "tutor_warm": {key: summary(values) for key, values in found["tutor"].items()},
        "tutor_pooled": {key: summary(values) for key, values in found["pooled"].items()},
        "cli": {key: summary(values) for key, values in found["cli"].items()},
        "tutor_breakdown": breakdown(profile, runs),
        "pooled_breakdown": breakdown(pooled_profile, runs),
        "warmup": {
            side: {key: round(value * 1000, 1) for key, value in times.items()}
            for side, times in warmup.items()
        },
    }


def add_ratios(result: dict[str, Any]) -> None:
    def ratio(top: float, bottom: float) -> float:
        return round(top / bottom, 2) if bottom else math.nan

    warm, cli, cold = result["tutor_warm"], result["cli"], result["tutor_cold"]
    pooled = result["tutor_pooled"]
    result["ratios"] = {
        "views_ready_tutor_pooled_over_cli": ratio(
            pooled["views"]["median"], cli["views"]["median"]
        ),
        "views_ready_tutor_warm_over_cli": ratio(warm["views"]["median"], cli["views"]["median"]),
        "with_removal_tutor_warm_over_cli": ratio(warm["total"]["median"], cli["total"]["median"]),
        "views_ready_tutor_cold_over_cli": ratio(
            cold["build_to_views"]["median"], cli["views"]["median"]
        ),
    }


# --------------------------------------------------------------------------- output


def table(result: dict[str, Any]) -> str:
    lines = [
        f"demo views: tutor (DemoService) vs docker CLI · demo {result['demo']} · "
        f"{result['runs']} runs per side (interleaved) · {result['cold_runs']} cold processes",
        "",
        f"{'measure':<56}{'n':>4}{'median':>10}{'p90':>10}{'min':>10}   ms",
    ]

    def row(label: str, stats: dict[str, Any]) -> None:
        if stats.get("n"):
            lines.append(
                f"{label:<56}{stats['n']:>4}{stats['median']:>10.1f}"
                f"{stats['p90']:>10.1f}{stats['min']:>10.1f}"
            )

    cold, warm, cli = result["tutor_cold"], result["tutor_warm"], result["cli"]
    row("tutor cold  build()→views ready (new process)", cold["build_to_views"])
    row("tutor cold  ├ build(): course load, adapters", cold["build"])
    row("tutor cold  ├ docker client + ping", cold["client"])
    row("tutor cold  └ first run→views", cold["first_run"])
    row("tutor cold  clean", cold["clean"])
    row("tutor cold  process wall, spawn→exit", cold["process_wall"])
    row("tutor cold  └ rest: interpreter, imports, settings, exit", cold["outside"])
    pooled = result["tutor_pooled"]
    row("tutor pooled run→views ready (container started ahead)", pooled["views"])
    row("tutor pooled run→views+clean", pooled["total"])
    row("tutor pool empty run→views ready (created on request)", warm["views"])
    row("tutor pool empty run→views+clean", warm["total"])
    row("cli         run→exec done (before docker rm -f)", cli["views"])
    row("cli         whole sequence incl. docker rm -f", cli["total"])
    lines += ["", "cli steps"]
    for label in (*CLI_STEPS, CLI_REMOVE):
        row(f"  {label}", cli[label])
    for key, title in (
        ("pooled_breakdown", "tutor pooled breakdown"),
        ("tutor_breakdown", "tutor pool empty breakdown"),
    ):
        lines += ["", f"{title} (sum per run; HTTP requests to the engine per run)"]
        for phase, stats in result[key].items():
            requests = stats["http_requests_per_run"]
            row(f"  {phase}" + (f" [{requests:g} req]" if requests else ""), stats)
    lines += ["", "ratios of medians (below 1: the tutor is faster)"]
    for key, label in RATIO_LABELS.items():
        value = result["ratios"][key]
        verdict = ""
        if key in TARGETS:
            verdict = "  met" if value <= TARGETS[key] else "  MISSED"
        lines.append(f"  {label:<54}{value:>6.2f}{verdict}")
    lines += [
        "",
        f"warm-up, not counted: tutor {result['warmup']['tutor']['total']:.1f} ms, "
        f"pooled {result['warmup']['pooled']['total']:.1f} ms, "
        f"cli {result['warmup']['cli']['total']:.1f} ms (incl. removal)",
        f"containers left behind and swept at the end: {result['swept']}",
    ]
    return "\n".join(lines)


def _say(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def _exit_on_term(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # so every `finally` still removes its container


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.demo_views", description=__doc__)
    parser.add_argument("--runs", type=int, default=10, help="warm runs per side (default 10)")
    parser.add_argument(
        "--cold-runs", type=int, default=3, help="fresh processes for the cold run (default 3)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--cold-once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _exit_on_term)
    if args.cold_once:
        return cold_once()
    if not (1 <= args.runs <= MAX_RUNS and 1 <= args.cold_runs <= MAX_RUNS):
        parser.error(f"--runs and --cold-runs must be between 1 and {MAX_RUNS}")
    os.chdir(REPO)
    preflight()
    result: dict[str, Any] = {}
    try:
        result = bench(args.runs, args.cold_runs)
    finally:
        result["swept"] = sweep()
    add_ratios(result)
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
