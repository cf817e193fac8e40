"""The bot's own image: build time (cached, and cold with --cold), size, and start-up costs.

- build, cached: `scripts/build-image` as `make image` runs it, everything already built;
- build, cold (`--cold`): the same into throwaway tags (a fresh debootstrapped base, a fresh
  wheelhouse folder, a fresh image), all removed afterwards; pip's own download cache may
  still help the wheel step;
- size of the image and of its base;
- `docker run --rm IMAGE container-tutor --help`, wall time;
- `container-tutor demo nginx --json` in the image (socket + --pid=host) and on the host;
- `serve` in HTTP mode, from `docker run -d` to the first 200 on GET /healthz.

Every container is removed: demos carry the run label `container-tutor.run=bench-image-…`
and are swept at the end; the served container is removed in a `finally`.

    python -m bench.image [--runs N] [--cold] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from testkit.standin import SlackStandIn

REPO = Path(__file__).resolve().parent.parent
IMAGE = "container-tutor:latest"
BASE = "container-tutor/base-python:2"
SOCKET = "/var/run/docker.sock"
RUN_TAG = f"bench-image-{secrets.token_hex(4)}"
STEP_TIMEOUT = 900.0
MAX_RUNS = 20


def run(command: Sequence[str], *, env: dict[str, str] | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(
        list(command),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
        env={**os.environ, **(env or {})},
        check=False,
    )
    took = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(
            f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
        )
    return took, result.stdout


def size_mb(tag: str) -> float:
    return int(run(["docker", "image", "inspect", "--format", "{{.Size}}", tag])[1]) / 1e6


def build(env: dict[str, str]) -> float:
    return run([str(REPO / "scripts" / "build-image")], env=env)[0]


def cold_build() -> dict[str, float]:
    """Build into throwaway tags and a throwaway wheelhouse, then remove all of it."""
    token = secrets.token_hex(4)
    base, image = f"container-tutor/base-python:bench-{token}", f"container-tutor:bench-{token}"
    wheels = f"dist/wheels-bench-{token}"
    try:
        seconds = build({"IMAGE": image, "BASE_IMAGE": base, "WHEELS": wheels})
        return {"build_cold_s": seconds, "image_cold_mb": size_mb(image)}
    finally:
        _remove_built_on(base, image)
        shutil.rmtree(REPO / wheels, ignore_errors=True)


def _remove_built_on(base: str, image: str) -> None:
    """The image, the untagged build stage, then the base: only what sits on this base."""
    found = subprocess.run(
        ["docker", "image", "inspect", "--format", "{{index .RootFS.Layers 0}}", base],
        capture_output=True,
        text=True,
        check=False,
    )
    subprocess.run(["docker", "rmi", "-f", image], capture_output=True, check=False)
    if found.returncode == 0:
        layer = found.stdout.strip()
        dangling = run(["docker", "images", "-q", "--filter", "dangling=true"])[1].split()
        for image_id in dangling:
            first = subprocess.run(
                ["docker", "image", "inspect", "--format", "{{index .RootFS.Layers 0}}", image_id],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
            if first == layer:
                subprocess.run(["docker", "rmi", image_id], capture_output=True, check=False)
    subprocess.run(["docker", "rmi", "-f", base], capture_output=True, check=False)


def median_of(runs: int, command: Sequence[str]) -> float:
    return statistics.median(run(command)[0] for _ in range(runs))


def time_to_healthz() -> float:
    """From `docker run -d` (HTTP mode, no engine needed) to the first 200 on /healthz.

    The host's network and a free loopback port: no bridge or port mapping is timed with it.
    `serve` checks its token with `auth.test` before it listens: a Slack stand-in answers.
    """
    name = f"bench-image-serve-{secrets.token_hex(4)}"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with SlackStandIn(signing_secret="bench-secret", bot_token="xoxb-bench") as slack:
        started = time.perf_counter()
        run(
            ["docker", "run", "-d", "--name", name, "--network=host", "-e", f"PORT={port}",
             "-e", "SLACK_BOT_TOKEN=xoxb-bench", "-e", "SLACK_SIGNING_SECRET=bench-secret",
             "-e", f"SLACK_API_URL={slack.api_url}",
             IMAGE, "container-tutor", "serve", "--host", "127.0.0.1"]
        )  # fmt: skip
        try:
            deadline = time.perf_counter() + 60
            while time.perf_counter() < deadline:
                try:
                    with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/healthz", timeout=1
                    ) as answer:
                        if answer.status == 200:
                            return time.perf_counter() - started
                except OSError:
                    time.sleep(0.05)
            raise SystemExit("the bot never answered /healthz")
        finally:
            subprocess.run(["docker", "rm", "-f", name], capture_output=True, check=False)


def sweep() -> int:
    found = run(["docker", "ps", "-aq", "--filter", f"label=container-tutor.run={RUN_TAG}"])[1]
    ids = found.split()
    if ids:
        subprocess.run(["docker", "rm", "-f", *ids], capture_output=True, check=False)
    return len(ids)


def measure(runs: int, cold: bool) -> dict[str, Any]:
    numbers: dict[str, Any] = {}
    if cold:
        numbers |= cold_build()
    build({"IMAGE": IMAGE, "BASE_IMAGE": BASE})  # bring the cache up to date first
    numbers["build_cached_s"] = statistics.median(
        build({"IMAGE": IMAGE, "BASE_IMAGE": BASE}) for _ in range(runs)
    )
    numbers["image_mb"] = size_mb(IMAGE)
    numbers["base_mb"] = size_mb(BASE)
    help_ = ["docker", "run", "--rm", "--network=none", IMAGE, "container-tutor", "--help"]
    numbers["help_in_image_s"] = median_of(runs, help_)
    engine = ["--network=none", "--pid=host", "-v", f"{SOCKET}:{SOCKET}"]
    engine += ["-e", f"CONTAINER_TUTOR_RUN={RUN_TAG}"]
    demo = ["container-tutor", "demo", "nginx", "--json"]
    numbers["demo_in_image_s"] = median_of(runs, ["docker", "run", "--rm", *engine, IMAGE, *demo])
    os.environ["CONTAINER_TUTOR_RUN"] = RUN_TAG
    numbers["demo_on_host_s"] = median_of(runs, [str(REPO / ".venv" / "bin" / demo[0]), *demo[1:]])
    numbers["serve_to_healthz_s"] = statistics.median(time_to_healthz() for _ in range(runs))
    numbers["left_behind"] = sweep()
    return numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help=f"repeats per measure (1–{MAX_RUNS})")
    parser.add_argument("--cold", action="store_true", help="also a cold build into throwaway tags")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    options = parser.parse_args()
    runs = max(1, min(options.runs, MAX_RUNS))
    try:
        numbers = measure(runs, options.cold)
    finally:
        sweep()
    if options.json:
        print(json.dumps(numbers, indent=2))
        return
    print(f"the bot's image, median of {runs} run(s)")
    for key, value in numbers.items():
        shown = f"{value:8.2f}" if isinstance(value, float) else f"{value:8}"
        print(f"  {key:22} {shown}")


if __name__ == "__main__":
    main()
