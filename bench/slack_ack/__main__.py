"""`python -m bench.slack_ack`: the options, the runs, and the table or JSON at the end."""

from __future__ import annotations

import argparse
import json
import os
import signal
from collections.abc import Sequence
from types import FrameType
from typing import Any

from bench import slack_ack
from bench.harness.containers import preflight, sweep
from bench.harness.serving import REPO
from bench.slack_ack.plan import HELP_USERS, MAX_CONCURRENCY, MAX_REPEAT, MAX_REQUESTS, RUN_USERS
from bench.slack_ack.report import table
from bench.slack_ack.run import one_run, say
from bench.slack_ack.stats import add_verdict, combine


def _exit_on_term(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # so the servers are stopped and the demos swept


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.slack_ack", description=slack_ack.__doc__
    )
    parser.add_argument(
        "--requests", type=int, default=300, help="commands per side and mix (default 300)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=50, help="commands in flight (default 50)"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="whole runs, fresh servers each (default 1)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if not 1 <= args.requests <= MAX_REQUESTS:
        parser.error(f"--requests must be between 1 and {MAX_REQUESTS}")
    if not 1 <= args.concurrency <= MAX_CONCURRENCY:
        parser.error(f"--concurrency must be between 1 and {MAX_CONCURRENCY}")
    if not 1 <= args.repeat <= MAX_REPEAT:
        parser.error(f"--repeat must be between 1 and {MAX_REPEAT}")
    signal.signal(signal.SIGTERM, _exit_on_term)
    os.chdir(REPO)
    preflight()
    runs: list[dict[str, Any]] = []
    for index in range(args.repeat):
        if args.repeat > 1:
            say(f"run {index + 1}/{args.repeat}")
        result: dict[str, Any] = {}
        try:
            result = one_run(args)
        finally:
            result["swept"] = sweep((*RUN_USERS, *HELP_USERS))
        add_verdict(result)
        runs.append(result)
    combined = combine(runs)
    print(json.dumps(combined, indent=2) if args.json else table(combined))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
