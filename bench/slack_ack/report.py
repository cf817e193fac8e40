"""The ack bench's table: one row per side and mix, the ratios and verdict under each mix,
then what the tutor did and how the run ended."""

from __future__ import annotations

from typing import Any

from bench.slack_ack.plan import MAX_RATIO, ROW_LABELS, SIDES


def table(result: dict[str, Any]) -> str:
    repeat = result["repeat"]
    lines = [
        f"/container-demo ack latency: tutor (`python -m bot serve`) vs bare Bolt AsyncApp, "
        f"{result['requests']} signed commands per row, {result['concurrency']} in flight"
        + (f"; median of {repeat} runs (sent/acked: sums)" if repeat > 1 else ""),
        "latencies in ms; cpu/req: the server's CPU ms per command; host: all CPUs busy",
        "",
        f"{'mix':<13}{'side':<7}{'sent':>6}{'acked':>7}{'p50':>9}{'p90':>9}{'p99':>9}"
        f"{'max':>9}{'req/s':>8}{'cpu/req':>9}{'host':>6}",
    ]
    for found in result["mixes"].values():
        for side, label in ROW_LABELS.items():
            if side not in found:
                continue
            row = found[side]
            lines.append(
                f"{found['text']:<13}{label:<7}{row['sent']:>6}{row['acked']:>7}"
                f"{row['p50']:>9.1f}{row['p90']:>9.1f}{row['p99']:>9.1f}{row['max']:>9.1f}"
                f"{row['per_second']:>8.1f}{row['server_cpu_ms_per_request']:>9.2f}"
                f"{row['host_cpu_busy_percent']:>5.0f}%"
            )
        not_ok = {
            side: found[side]["statuses"]
            for side in SIDES
            if found[side]["acked"] != found[side]["sent"]
        }
        each = found.get("ratio_p99_each_run", [])
        lines.append(
            f"{'':<13}tutor/bare p99 {found['ratio_p99']:.2f} (p50 {found['ratio_p50']:.2f}), "
            f"all acked: {'yes' if found['all_acked'] else 'no'}, "
            f"target {'met' if found['target_met'] else 'MISSED'}"
            + (f", statuses {not_ok}" if not_ok else "")
            + (f"; p99 ratio of each run {each}" if len(each) > 1 else "")
        )
        if "bare_busy" in found:
            busy = found["bare_busy"]["tutor_busy"]
            lines.append(
                f"{'':<13}bare* = bare again right after, while the tutor's demos go on "
                f"(tutor {busy['cpu_ms_per_s']:.0f} ms CPU/s, {busy['web_api_calls']:.0f} Web "
                f"API calls); tutor/bare* p99 {found['ratio_p99_vs_bare_busy']:.2f}"
            )
    lines.append("")
    for index, run in enumerate(result["runs"], start=1):
        prefix = f"run {index}: " if repeat > 1 else ""
        after = run["mixes"].get("run", {}).get("after_tutor_load")
        if after:
            lines.append(
                f"{prefix}right after the tutor's run load: {after['tutor_demos_live']} demos "
                f"live ({after['bench_containers_running']} bench containers running), "
                f"{after['dm_messages_posted']} DM messages posted, "
                f"{after['dm_message_updates']} updates"
            )
        lines += [
            f"{prefix}tutor log lines during the measured loads: "
            f"{run['tutor_log_lines_during_load']}",
            f"{prefix}Web API calls the servers made: {run['web_api_calls']}",
            f"{prefix}servers stopped: {run['stopped']}",
        ]
    lines += [
        f"bench containers left behind and swept at the end: {result['swept']}",
        "",
        f"target (every request acked, tutor p99 <= {MAX_RATIO} x bare p99, in each mix): "
        + ("met" if result["target_met"] else "MISSED"),
    ]
    return "\n".join(lines)
