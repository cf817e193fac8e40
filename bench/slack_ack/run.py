"""One whole run of the ack bench: both servers up, warm-up, each mix bare before tutor.

The tutor's demos from its `run` load go on after it, so the bare app is measured once more
then (`bare_busy`): the same machine load without the tutor's process.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.harness.containers import live_containers
from bench.harness.load import command_bodies, run_load
from bench.harness.serving import (
    Server,
    Side,
    health_of,
    start_server,
    stop_server,
    wait_ready,
)
from bench.slack_ack.plan import (
    HELP_USERS,
    MAX_RATIO,
    MIXES,
    RUN_USERS,
    SETTLE_SECONDS,
    SIDES,
)
from bench.slack_ack.stats import stats
from testkit.standin import SlackStandIn


def say(text: str) -> None:
    """Progress for the person waiting, on stderr so the table or JSON stays clean."""
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def phase(
    slack: SlackStandIn,
    servers: dict[Side, Server],
    side: Side,
    *,
    text: str,
    users: Sequence[str],
    args: argparse.Namespace,
) -> dict[str, Any]:
    server = servers[side]
    say(f"{side}: {args.requests} × {text!r}, {args.concurrency} in flight")
    bodies = command_bodies(slack, text=text, users=users, count=args.requests)
    calls_before = len(slack.calls())
    measured = run_load(slack, server.events_url, bodies, args.concurrency, list(servers.values()))
    found = stats(measured, side)
    if side == "bare":
        # What the tutor was doing meanwhile (its demos from an earlier `run` load).
        found["tutor_busy"] = {
            "cpu_ms_per_s": round(measured.cpu["tutor"] * 1000 / measured.wall, 1),
            "web_api_calls": len(slack.calls()) - calls_before,
        }
    return found


def one_run(args: argparse.Namespace) -> dict[str, Any]:
    token = "xoxb-bench-" + secrets.token_hex(8)
    result: dict[str, Any] = {
        "unit": "ms",
        "requests": args.requests,
        "concurrency": args.concurrency,
        "help_users": len(HELP_USERS),
        "run_users": len(RUN_USERS),
        "demo_max_live": len(RUN_USERS),
        "target": {"all_acked": True, "max_ratio_p99": MAX_RATIO},
        "mixes": {},
    }
    with (
        tempfile.TemporaryDirectory(prefix="bench-slack-ack-") as scratch,
        SlackStandIn(signing_secret=secrets.token_hex(16), bot_token=token) as slack,
    ):
        servers: dict[Side, Server] = {}
        try:
            for side in SIDES:
                servers[side] = start_server(side, slack, Path(scratch), max_live=len(RUN_USERS))
            for side in SIDES:
                wait_ready(servers[side])
            say(f"warm-up (not counted): {args.concurrency} × 'help' per side")
            for side in SIDES:
                bodies = command_bodies(
                    slack, text="help", users=HELP_USERS, count=args.concurrency
                )
                run_load(slack, servers[side].events_url, bodies, args.concurrency, [])
            log_lines_before = servers["tutor"].log_lines()
            for mix, text in MIXES.items():
                users = RUN_USERS if mix == "run" else HELP_USERS
                found: dict[str, Any] = {"text": text}
                for side in SIDES:  # bare first: the tutor's demos must not load the bare run
                    time.sleep(SETTLE_SECONDS)
                    found[side] = phase(slack, servers, side, text=text, users=users, args=args)
                if mix == "run":
                    health = health_of(servers["tutor"]) or {}
                    found["after_tutor_load"] = {
                        "tutor_demos_live": health.get("demos_live"),
                        "bench_containers_running": live_containers(RUN_USERS),
                        "dm_messages_posted": len(slack.calls("chat.postMessage")),
                        "dm_message_updates": len(slack.calls("chat.update")),
                    }
                    # The same machine load for the bare app: the tutor's demos go on.
                    found["bare_busy"] = phase(
                        slack, servers, "bare", text=text, users=users, args=args
                    )
                result["mixes"][mix] = found
            result["tutor_log_lines_during_load"] = servers["tutor"].log_lines() - log_lines_before
            result["web_api_calls"] = count_methods(slack)
        finally:
            result["stopped"] = {side: stop_server(server) for side, server in servers.items()}
    return result


def count_methods(slack: SlackStandIn) -> dict[str, int]:
    counts: dict[str, int] = {}
    for call in slack.calls():
        counts[call.method] = counts.get(call.method, 0) + 1
    return dict(sorted(counts.items()))
