"""How long a picture takes to draw, and how big its PNG is, for each picture and language.

Measured with the tutor's own painter (`CairoPainter`: the SVG from `bot/pictures/svg.py`,
the font check, cairosvg's render):

- warm: `--runs` renders in this process, after one unmeasured warm-up; median and max;
- cold: a fresh Python process imports the painter (cairosvg, cairocffi: `serve` does it
  at start-up) and draws its first picture, the two timed apart, `--cold-runs` times;
- the alternative we weighed: the same SVG through Debian's `rsvg-convert` (librsvg), one
  process per picture, when it is installed.

No Docker needed: the pictures are drawn from `testkit/picture_samples.py`, a demo and a
comparison with the shape and size of the live ones (drawing time does not depend on where
the numbers came from). The budget is the issue's: at most 300 ms and 300 KB each.

    python -m bench.pictures [--runs N] [--cold-runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from typing import Any

from bot.core.picture.build import pid_picture, stack_picture
from bot.core.picture.models import Picture
from bot.pictures.painter import CairoPainter
from bot.pictures.svg import svg
from testkit import picture_samples
from testkit.png import PICTURE_BUDGET, png_size

BUDGET_MS = 300.0
COLD = """
import time
from bot.core.picture.build import stack_picture
from testkit import picture_samples
picture = stack_picture(picture_samples.comparison(gvisor=True), "zh")
started = time.perf_counter()
from bot.pictures.painter import CairoPainter
painter = CairoPainter()
painter.prepare()
imported = time.perf_counter()
png = painter.png(picture)
print((imported - started) * 1000, (time.perf_counter() - imported) * 1000)
"""


def pictures() -> dict[str, Picture]:
    views, exec_views = picture_samples.views(), picture_samples.views(exec_pid=28100)
    return {
        "pids en": pid_picture(views, "en"),
        "pids zh": pid_picture(views, "zh"),
        "pids+exec en": pid_picture(exec_views, "en"),
        "compare en": stack_picture(picture_samples.comparison(), "en"),
        "compare zh": stack_picture(picture_samples.comparison(), "zh"),
        "compare+gvisor zh": stack_picture(picture_samples.comparison(gvisor=True), "zh"),
    }


def warm(runs: int) -> dict[str, dict[str, Any]]:
    painter = CairoPainter()
    out: dict[str, dict[str, Any]] = {}
    for name, picture in pictures().items():
        png = painter.png(picture)  # warm-up
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            png = painter.png(picture)
            times.append((time.perf_counter() - started) * 1000)
        width, height = png_size(png)
        out[name] = {
            "median_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1),
            "png_kb": round(len(png) / 1024, 1),
            "size": f"{width}x{height}",
            "rsvg_ms": _rsvg_ms(svg(picture)),
        }
    return out


def cold(runs: int) -> list[tuple[float, float]]:
    """(import ms, first render ms) in fresh processes: what `serve` pays once, at start-up."""
    samples = []
    for _ in range(runs):
        said = subprocess.run(
            [sys.executable, "-c", COLD], capture_output=True, text=True, check=True, timeout=60
        ).stdout.split()
        samples.append((float(said[0]), float(said[1])))
    return samples


def _rsvg_ms(drawn: str) -> float | None:
    """One `rsvg-convert` process for the same SVG: what the librsvg route would cost."""
    if shutil.which("rsvg-convert") is None:
        return None
    started = time.perf_counter()
    subprocess.run(["rsvg-convert"], input=drawn.encode(), capture_output=True, check=True)
    return round((time.perf_counter() - started) * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    results = warm(max(1, options.runs))
    first = cold(max(1, options.cold_runs))
    within = all(
        row["max_ms"] <= BUDGET_MS and row["png_kb"] * 1024 <= PICTURE_BUDGET
        for row in results.values()
    ) and all(render <= BUDGET_MS for _imported, render in first)
    if options.json:
        report = {"warm": results, "cold_ms": first, "within_budget": within}
        print(json.dumps({**report, "load": os.getloadavg()}, indent=2))
        return
    print(f"{'picture':20} {'median ms':>9} {'max ms':>7} {'PNG KB':>7} {'size':>9} {'rsvg ms':>8}")
    for name, row in results.items():
        rsvg = "-" if row["rsvg_ms"] is None else f"{row['rsvg_ms']:.1f}"
        print(
            f"{name:20} {row['median_ms']:9.1f} {row['max_ms']:7.1f} {row['png_kb']:7.1f} "
            f"{row['size']:>9} {rsvg:>8}"
        )
    cold_ms = ", ".join(f"{imported:.0f} + {render:.0f}" for imported, render in first)
    print(f"fresh process, compare+gvisor zh (import + first render): {cold_ms} ms")
    print(f"within 300 ms and 300 KB each: {'yes' if within else 'NO'}")
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
