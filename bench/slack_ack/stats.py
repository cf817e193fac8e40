"""The ack bench's numbers: percentiles per row, the tutor/bare ratios, the verdict, and the
medians over `--repeat` runs."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any

from bench.harness.load import Measured
from bench.slack_ack.plan import MAX_RATIO, ROW_LABELS, SIDES


def nearest_rank(ordered: Sequence[float], fraction: float) -> float:
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


def stats(measured: Measured, side: str) -> dict[str, Any]:
    samples = measured.samples
    ms = sorted(sample.seconds * 1000 for sample in samples)
    statuses: dict[str, int] = {}
    for sample in samples:
        key = str(sample.status) if sample.status else "no answer"
        statuses[key] = statuses.get(key, 0) + 1
    return {
        "sent": len(samples),
        "acked": sum(sample.acked for sample in samples),
        "statuses": statuses,
        "p50": round(nearest_rank(ms, 0.50), 1),
        "p90": round(nearest_rank(ms, 0.90), 1),
        "p99": round(nearest_rank(ms, 0.99), 1),
        "max": round(ms[-1], 1),
        "mean": round(sum(ms) / len(ms), 1),
        "wall_s": round(measured.wall, 2),
        "per_second": round(len(samples) / measured.wall, 1) if measured.wall else math.nan,
        "server_cpu_ms_per_request": round(measured.cpu[side] * 1000 / len(samples), 2),
        "host_cpu_busy_percent": round(measured.host_busy * 100),
    }


def ratio(top: float, bottom: float) -> float:
    return round(top / bottom, 2) if bottom else math.nan


def add_verdict(result: dict[str, Any]) -> None:
    met_all = True
    for found in result["mixes"].values():
        bare, tutor = found["bare"], found["tutor"]
        all_acked = all(found[side]["acked"] == found[side]["sent"] for side in SIDES)
        found["ratio_p99"] = ratio(tutor["p99"], bare["p99"])
        found["ratio_p50"] = ratio(tutor["p50"], bare["p50"])
        if "bare_busy" in found:
            found["ratio_p99_vs_bare_busy"] = ratio(tutor["p99"], found["bare_busy"]["p99"])
        found["all_acked"] = all_acked
        found["target_met"] = all_acked and found["ratio_p99"] <= MAX_RATIO
        met_all = met_all and found["target_met"]
    result["target_met"] = met_all


MEDIAN_FIELDS = (
    "p50",
    "p90",
    "p99",
    "max",
    "mean",
    "wall_s",
    "per_second",
    "server_cpu_ms_per_request",
    "host_cpu_busy_percent",
)
RATIOS = ("ratio_p99", "ratio_p50", "ratio_p99_vs_bare_busy")


def combine(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One result from `--repeat` runs: counts are summed, every other number is the median
    of the runs (each run's ratios are kept too); the target holds when every command of
    every run was acked and the median p99 ratio is within the bound."""
    first = runs[0]
    keep = ("unit", "requests", "concurrency", "help_users", "run_users", "demo_max_live")
    combined: dict[str, Any] = {key: first[key] for key in keep}
    combined.update(target=first["target"], repeat=len(runs), mixes={})
    for mix, found in first["mixes"].items():
        merged: dict[str, Any] = {"text": found["text"]}
        for side in ROW_LABELS:
            if side not in found:
                continue
            rows = [run["mixes"][mix][side] for run in runs]
            statuses: dict[str, int] = {}
            for row in rows:
                for status, count in row["statuses"].items():
                    statuses[status] = statuses.get(status, 0) + count
            merged[side] = {
                "sent": sum(row["sent"] for row in rows),
                "acked": sum(row["acked"] for row in rows),
                "statuses": statuses,
                **{field: statistics.median(row[field] for row in rows) for field in MEDIAN_FIELDS},
            }
            if "tutor_busy" in rows[0]:
                merged[side]["tutor_busy"] = {
                    key: statistics.median(row["tutor_busy"][key] for row in rows)
                    for key in rows[0]["tutor_busy"]
                }
        for key in RATIOS:
            if key in found:
                each = [run["mixes"][mix][key] for run in runs]
                merged[key] = statistics.median(each)
                merged[f"{key}_each_run"] = each
        merged["all_acked"] = all(run["mixes"][mix]["all_acked"] for run in runs)
        merged["target_met"] = merged["all_acked"] and merged["ratio_p99"] <= MAX_RATIO
        combined["mixes"][mix] = merged
    combined["target_met"] = all(found["target_met"] for found in combined["mixes"].values())
    combined["swept"] = sum(run["swept"] for run in runs)
    combined["runs"] = list(runs)
    return combined
