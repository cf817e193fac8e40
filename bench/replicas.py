"""One replica against three, in the same run: a class starts demos through a load balancer.

Everything is real except Slack: the local stand-in sends signed slash commands to the real
`serve` processes, round robin (`SlackStandIn.deliver_round_robin`), as a load balancer
would. All replicas share one PostgreSQL database; with three, two serve the first Docker
engine and one a second engine on the same machine (`scripts/test-docker2`). The warm pool
is off (it would hide the start), and the cap is the class size.

Each of `--learners` learners sends `run busybox` within `--spread` seconds, from its own
thread; then, once its demo is live, `clean`. Reported for each setup:

- ack: p50, p99 and max of the HTTP answer to each slash command (Slack allows 3 s);
- time to the view: from `run` to the DM message that shows the demo's processes
  (p50, p95, max); and demos per engine.

    python -m bench.replicas [--learners 12] [--spread 2] [--database URL] [--second-engine URL]

The database and the second engine default to TEST_POSTGRES_URL and TEST_SECOND_DOCKER_HOST
(what ./scripts/test starts and exports). The bench's containers carry a run label and are
removed at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docker

from bot.sandbox.runner import LABEL, LABEL_RUN, RUN_ENV
from testkit.served import SECRET, TOKEN, ServedBot, dm, empty_database, text_of
from testkit.standin import SlackStandIn

LIVE = "sleep 3600"
GONE = "Removed your demo container"
TIMEOUT = 120.0


@dataclass
class Result:
    setup: str
    acks: list[float] = field(default_factory=list)
    views: list[float] = field(default_factory=list)
    failed: int = 0
    per_engine: dict[str, int] = field(default_factory=dict)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def shown(slack: SlackStandIn, user: str) -> str:
    return "\n".join(text_of(m.get("blocks")) for m in slack.messages(dm(user)))


def wait_for(slack: SlackStandIn, user: str, needle: str, started: float) -> float | None:
    while time.monotonic() - started < TIMEOUT:
        if needle in shown(slack, user):
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def run_class(
    setup: str,
    engines: list[tuple[str, str | None]],
    *,
    database: str,
    learners: int,
    spread: float,
    clients: dict[str, Any],
    scratch: Path,
) -> Result:
    empty_database(database)
    tag = f"bench-replicas-{secrets.token_hex(4)}"
    result = Result(setup)
    with SlackStandIn(signing_secret=SECRET, bot_token=TOKEN) as slack:
        bots = []
        for number, (engine, host) in enumerate(engines):
            settings = {
                "DATABASE_URL": database,
                "DEMO_POOL_SIZE": "0",
                "VM_POOL_SIZE": "0",
                "DEMO_MAX_LIVE": str(learners),
                "ENGINE_NAME": engine,
                RUN_ENV: tag,
            }
            if host:
                settings["DOCKER_HOST"] = host
            workdir = scratch / f"{setup}-{number}"
            workdir.mkdir()
            bots.append(ServedBot(slack=slack, workdir=workdir, settings=settings))
        try:
            for bot in bots:
                bot.start()
            url = slack.deliver_round_robin([bot.url for bot in bots])
            lock = threading.Lock()

            def learner(index: int) -> None:
                time.sleep(index * spread / learners)
                user = f"U{index:03d}"
                started = time.monotonic()
                answer = slack.send_command(url, text="run busybox", user_id=user)
                seen = wait_for(slack, user, LIVE, started)
                with lock:
                    result.acks.append(answer.elapsed)
                    if seen is None or answer.status != 200:
                        result.failed += 1
                    else:
                        result.views.append(seen)

            threads = [threading.Thread(target=learner, args=(i,)) for i in range(learners)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            for name, client in clients.items():
                found = client.containers.list(
                    filters={"label": [LABEL, f"{LABEL_RUN}={tag}"]}, ignore_removed=True
                )
                result.per_engine[name] = len(found)
            for index in range(learners):
                slack.send_command(url, text="clean", user_id=f"U{index:03d}")
        finally:
            for bot in bots:
                bot.stop()
            for client in clients.values():
                for container in client.containers.list(
                    all=True, filters={"label": [f"{LABEL_RUN}={tag}"]}, ignore_removed=True
                ):
                    container.remove(force=True)
    return result


def report(result: Result) -> None:
    acks_ms = [a * 1000 for a in result.acks]
    print(f"{result.setup}:")
    print(
        f"  ack ms: p50 {statistics.median(acks_ms):.1f}, p99 {pct(acks_ms, 0.99):.1f}, "
        f"max {max(acks_ms):.1f}  ({len(acks_ms)} commands)"
    )
    if result.views:
        print(
            f"  run -> view s: p50 {statistics.median(result.views):.2f}, "
            f"p95 {pct(result.views, 0.95):.2f}, max {max(result.views):.2f}"
        )
    print(
        f"  demos per engine: {result.per_engine}; no view within {TIMEOUT:.0f} s: {result.failed}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=12)
    parser.add_argument("--spread", type=float, default=2.0)
    parser.add_argument("--database", default=os.environ.get("TEST_POSTGRES_URL"))
    parser.add_argument("--second-engine", default=os.environ.get("TEST_SECOND_DOCKER_HOST"))
    args = parser.parse_args(argv)
    if not args.database or not args.second_engine:
        print("needs a PostgreSQL URL and a second engine (see --help)", file=sys.stderr)
        return 2
    clients = {"a": docker.from_env(), "b": docker.DockerClient(base_url=args.second_engine)}
    setups = {
        "one replica": [("a", None)],
        "three replicas (two engines)": [("a", None), ("a", None), ("b", args.second_engine)],
    }
    with tempfile.TemporaryDirectory(prefix="bench-replicas-") as scratch:
        for setup, engines in setups.items():
            result = run_class(
                setup,
                engines,
                database=args.database,
                learners=args.learners,
                spread=args.spread,
                clients=clients,
                scratch=Path(scratch),
            )
            report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
