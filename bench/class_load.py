"""A whole class at once: 30 learners type `run` within 5 s, then `pids`, `exec` and `clean`.

Everything is real except Slack: a local Slack stand-in (`testkit.standin`) in this process
plays Slack's Web API and sends signed slash commands to the real bot, started as a user
starts it (`python -m bot serve --host 127.0.0.1 --port P`) with `DEMO_MAX_LIVE` equal to the
class size (so the class fits; `--cap` sets another), the default warm pool (`DEMO_POOL_SIZE`
unset; `--pool-size` overrides it), a throwaway SQLite progress store, and a run label on
every container it makes (`CONTAINER_TUTOR_RUN`), so this bench counts and sweeps only its own.

Before the class arrives the bench waits until the warm pool is full (`/healthz` reports it).
Learner i sends `run` at i × spread / learners seconds (default: 30 within 5 s), each from its
own thread, then, once its views arrived, `pids`, `exec` and `clean`, each after the previous
reply. A reply is the first message in the learner's DM (or on the command's response URL)
that carries what the command shows: all four view titles for `run`, the PID map's title for
`pids`, the exec summary for `exec`, "Removed your demo container" for `clean`.

Reported:

- ack: p50, p99 and max of the HTTP answer to each slash command (Slack allows 3 s);
- command → reply with all views (`run`): p50, p95, max; and the same for pids, exec, clean;
- queued: how many learners were told "you are number N", and how long they waited (from
  that notice to the next progress message);
- peak of live containers (the run label, pooled ones included) against the cap, sampled
  every 0.2 s; how many learners got a container from the warm pool (their reply says it was
  started ahead of time), and the peak of containers the pool made (its owner label stays on
  a container after it is handed out);
- containers left after every learner's `clean` (the warm pool's), and after the bot's
  SIGTERM (must be 0; anything left is removed and counted);
- the bot's peak RSS, sampled with the containers.

Targets: p95 of run → views ≤ 5 s, the cap held, 0 containers left.

    python -m bench.class_load [--learners 30] [--spread 5] [--pool-size N] [--cap N]
                               [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import docker
import psutil

from bench.harness.containers import preflight
from bench.harness.serving import Server, health_of, start_server, stop_server, wait_ready
from bot.config import Settings
from bot.core.demo.pool import POOL_OWNER
from bot.core.messages import VIEW_TITLES, say
from bot.sandbox.runner import LABEL, LABEL_OWNER, LABEL_RUN, RUN_ENV
from bot.wiring import course_from
from testkit.standin import RESPONSE_URL, ApiCall, BotResponse, SlackStandIn

REPO = Path(__file__).resolve().parent.parent
DEMO = "nginx"
STEPS = ("pids", "exec", "clean")
NEEDLES: dict[str, tuple[str, ...]] = {
    "run": tuple(title["en"] for title in VIEW_TITLES.values()),
    "pids": (VIEW_TITLES["pids"]["en"],),
    "exec": ("`docker exec` started",),
    "clean": ("Removed your demo container",),
}
QUEUED = say("busy", "en", limit=0, position=0).split(" You are")[0].split(":")[0]
"""The start of the queue notice ("Busy"), whatever the numbers in it."""
GAVE_UP = say("busy_gave_up", "en", limit=0).split(":")[0]
"""The start of the notice to a learner whose queue wait ran out ("Still busy after waiting")."""
AHEAD = say("started_ahead", "en", ahead=0, seconds=0).split(",")[0]
"""What a reply says when its container came from the warm pool ("started ahead of time")."""
TARGET_P95_S = 5.0
REPLY_TIMEOUT = 60.0
READY_TIMEOUT = 120.0
SAMPLE_SECONDS = 0.2
MAX_LEARNERS = 200
MAX_REPEAT = 10


# --------------------------------------------------------------------------- the bot


@dataclass
class Bot:
    server: Server
    run_tag: str


def start_bot(slack: SlackStandIn, scratch: Path, *, cap: int, pool: int | None) -> Bot:
    """The real bot with its demos under a run label of this class, so only they are counted
    and swept."""
    run_tag = f"bench-class-{secrets.token_hex(6)}"
    extra = {RUN_ENV: run_tag}
    if pool is not None:
        extra["DEMO_POOL_SIZE"] = str(pool)
    server = start_server("tutor", slack, scratch, max_live=cap, extra=extra)
    return Bot(server=server, run_tag=run_tag)


def wait_pool_full(bot: Bot, *, expected: int) -> float:
    """Until /healthz reports `expected` pooled containers; how long that took."""
    started = time.monotonic()
    wait_ready(bot.server)
    while time.monotonic() - started < READY_TIMEOUT:
        if bot.server.process.poll() is not None:
            raise RuntimeError(f"the bot exited:\n{bot.server.log_tail()}")
        health = health_of(bot.server)
        if health is not None and int(health.get("demos_pooled") or 0) >= expected:
            return time.monotonic() - started
        time.sleep(0.2)
    raise RuntimeError(f"the warm pool was not full in time:\n{bot.server.log_tail()}")


# --------------------------------------------------------------------------- watching


@dataclass
class Peaks:
    live: int = 0
    pool_labelled: int = 0
    rss_bytes: int = 0
    samples: int = 0


class Watch:
    """Samples the bench's live containers and the bot's RSS until stopped."""

    def __init__(self, client: Any, bot: Bot) -> None:
        self._client = client
        self._bot = bot
        self.peaks = Peaks()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="watch", daemon=True)

    def __enter__(self) -> Watch:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(10)

    def _loop(self) -> None:
        process = psutil.Process(self._bot.server.process.pid)
        while not self._stop.is_set():
            containers = live(self._client, self._bot.run_tag)
            pooled = sum(c.labels.get(LABEL_OWNER) == POOL_OWNER for c in containers)
            peaks = self.peaks
            peaks.live = max(peaks.live, len(containers))
            peaks.pool_labelled = max(peaks.pool_labelled, pooled)
            try:
                peaks.rss_bytes = max(peaks.rss_bytes, process.memory_info().rss)
            except psutil.Error:
                pass
            peaks.samples += 1
            self._stop.wait(SAMPLE_SECONDS)


def live(client: Any, run_tag: str, *, every_state: bool = False) -> list[Any]:
    return list(
        client.containers.list(
            all=every_state,
            filters={"label": [LABEL, f"{LABEL_RUN}={run_tag}"]},
            ignore_removed=True,
        )
    )


def sweep(client: Any, run_tag: str) -> int:
    left = live(client, run_tag, every_state=True)
    for container in left:
        try:
            container.remove(force=True)
        except docker.errors.NotFound:
            pass
    return len(left)


# --------------------------------------------------------------------------- learners


@dataclass
class Learner:
    user: str
    acks: list[float] = field(default_factory=list)
    ack_failures: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    queued_for: float | None = None
    pooled: bool = False
    error: str = ""


def text_of(call: ApiCall) -> str:
    return json.dumps(call.args, ensure_ascii=False)


def reply_after(
    slack: SlackStandIn, ack: BotResponse, dm: str, sent: float, needles: Sequence[str]
) -> ApiCall:
    """The first message in `dm` or on this command's response URL, after `sent`, that
    carries every needle."""
    rid = ack.response_url_id

    def found(calls: list[ApiCall]) -> ApiCall | None:
        for call in calls:
            if call.at < sent:
                continue
            here = call.args.get("channel") == dm or (
                call.method == RESPONSE_URL and call.args.get("response_url_id") == rid
            )
            text = text_of(call) if here else ""
            if all(needle in text for needle in needles) or GAVE_UP in text:
                return call
        return None

    call = slack.wait_for(found, timeout=REPLY_TIMEOUT)
    assert call is not None
    if GAVE_UP in text_of(call):
        raise GaveUp(f"gave up after {call.at - sent:.1f} s in the queue")
    return call


class GaveUp(Exception):
    """The bot told the learner the queue wait ran out (DEMO_QUEUE_WAIT_SECONDS)."""


def queue_wait(slack: SlackStandIn, dm: str, sent: float, until: float) -> float | None:
    """From the queue notice to the next message in the DM, if this learner was queued."""
    mine = [c for c in slack.calls() if c.args.get("channel") == dm and sent <= c.at <= until]
    notices = [c for c in mine if QUEUED in text_of(c)]
    if not notices:
        return None
    after = [c for c in mine if c.at > notices[0].at and QUEUED not in text_of(c)]
    return (after[0].at if after else until) - notices[0].at


def command(slack: SlackStandIn, bot: Bot, learner: Learner, text: str) -> None:
    dm = f"D{learner.user}"
    sent = time.time()
    ack = slack.send_command(
        bot.server.events_url,
        text=text,
        user_id=learner.user,
        user_name=learner.user.lower(),
        channel_id="C1",
        timeout=30,
    )
    learner.acks.append(ack.elapsed)
    if not ack.acked_in_time:
        learner.ack_failures += 1
    verb = text.split()[0]
    if all(needle in ack.body for needle in NEEDLES[verb]):
        learner.seconds[verb] = ack.elapsed
        return
    try:
        reply = reply_after(slack, ack, dm, sent, NEEDLES[verb])
    except TimeoutError:
        said = [c for c in slack.calls() if c.args.get("channel") == dm and c.at >= sent]
        last = " ".join(str(said[-1].args.get("text", "")).split())[:160] if said else "nothing"
        raise RuntimeError(
            f"`{text}`: no reply in {REPLY_TIMEOUT:.0f} s; last said: {last}"
        ) from None
    learner.seconds[verb] = reply.at - sent
    if verb == "run":
        learner.queued_for = queue_wait(slack, dm, sent, reply.at)
        learner.pooled = AHEAD in text_of(reply)


def lesson(slack: SlackStandIn, bot: Bot, learner: Learner, at: float) -> None:
    time.sleep(max(at - time.monotonic(), 0))
    try:
        command(slack, bot, learner, f"run {DEMO} --all")  # every view, not the walk's step 1
        for step in STEPS:
            command(slack, bot, learner, step)
    except Exception as error:  # one learner's failure is reported, not fatal to the bench
        learner.error = f"{type(error).__name__}: {str(error)[:300]}"


# --------------------------------------------------------------------------- statistics


def nearest_rank(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)] if ordered else math.nan


def spread_of(values: Sequence[float], *fractions: float) -> dict[str, float]:
    found = {f"p{round(f * 100)}": round(nearest_rank(values, f), 3) for f in fractions}
    found["max"] = round(max(values), 3) if values else math.nan
    found["n"] = len(values)
    return found


# --------------------------------------------------------------------------- one class


def one_class(args: argparse.Namespace, client: Any) -> dict[str, Any]:
    pool = args.pool_size if args.pool_size is not None else Settings().demo_pool_size
    expected_pooled = pool * len(course_from(Settings()).demos)
    learners = [Learner(user=f"UCLASS{index:03d}") for index in range(args.learners)]
    cap = args.cap or args.learners
    result: dict[str, Any] = {"learners": args.learners, "cap": cap, "pool_size": pool}
    with (
        tempfile.TemporaryDirectory(prefix="bench-class-") as scratch,
        SlackStandIn(
            signing_secret=secrets.token_hex(16), bot_token="xoxb-" + secrets.token_hex(8)
        ) as slack,
    ):
        bot = start_bot(slack, Path(scratch), cap=cap, pool=args.pool_size)
        try:
            result["pool_filled_s"] = round(wait_pool_full(bot, expected=expected_pooled), 2)
            _say(f"pool full ({expected_pooled}); {args.learners} learners over {args.spread} s")
            host_before = psutil.cpu_times()
            with Watch(client, bot) as watch:
                start = time.monotonic() + 0.2
                threads = [
                    threading.Thread(
                        target=lesson,
                        args=(slack, bot, learner, start + index * args.spread / len(learners)),
                        name=f"learner-{index}",
                    )
                    for index, learner in enumerate(learners)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(REPLY_TIMEOUT * (len(STEPS) + 1))
                wall = time.monotonic() - start
                time.sleep(2 * SAMPLE_SECONDS)
            result["host_cpu_busy_percent"] = round(_busy(host_before, psutil.cpu_times()) * 100)
            result["wall_s"] = round(wall, 2)
            after_clean = live(client, bot.run_tag, every_state=True)
            result["left_after_clean"] = {
                "pooled": sum(c.labels.get(LABEL_OWNER) == POOL_OWNER for c in after_clean),
                "learners": sum(c.labels.get(LABEL_OWNER) != POOL_OWNER for c in after_clean),
            }
            result["peaks"] = {
                "live": watch.peaks.live,
                "pool_labelled": watch.peaks.pool_labelled,
                "bot_rss_mb": round(watch.peaks.rss_bytes / 2**20, 1),
                "samples": watch.peaks.samples,
            }
        finally:
            result["stopped"] = stop_server(bot.server)
            result["left_after_shutdown"] = sweep(client, bot.run_tag)
    acks = [seconds for learner in learners for seconds in learner.acks]
    result["ack_ms"] = {
        key: value * 1000 if key != "n" else value
        for key, value in spread_of(acks, 0.5, 0.99).items()
    }
    result["served_from_pool"] = sum(learner.pooled for learner in learners)
    result["ack_late_or_failed"] = sum(learner.ack_failures for learner in learners)
    for verb in ("run", *STEPS):
        done = [learner.seconds[verb] for learner in learners if verb in learner.seconds]
        result[f"{verb}_s"] = spread_of(done, 0.5, 0.95)
    waits = [learner.queued_for for learner in learners if learner.queued_for is not None]
    result["queued"] = {
        "count": len(waits),
        "median_wait_s": round(statistics.median(waits), 3) if waits else 0.0,
        "max_wait_s": round(max(waits), 3) if waits else 0.0,
    }
    result["errors"] = {learner.user: learner.error for learner in learners if learner.error}
    result["target_met"] = (
        not result["errors"]
        and result["run_s"]["n"] == args.learners
        and result["run_s"]["p95"] <= TARGET_P95_S
        and result["peaks"]["live"] <= cap
        and result["left_after_shutdown"] == 0
    )
    return result


def _busy(before: Any, after: Any) -> float:
    total = sum(after) - sum(before)
    idle = (after.idle - before.idle) + (getattr(after, "iowait", 0) - getattr(before, "iowait", 0))
    return max(0.0, 1 - idle / total) if total > 0 else math.nan


# --------------------------------------------------------------------------- output


def table(runs: Sequence[dict[str, Any]]) -> str:
    first = runs[0]
    lines = [
        f"a class at once: {first['learners']} learners `run {DEMO}` within the spread, then "
        f"{', '.join(STEPS)}; DEMO_MAX_LIVE={first['cap']}, DEMO_POOL_SIZE={first['pool_size']}",
        "through the Slack stand-in to `python -m bot serve` and the real engine; seconds",
        "",
    ]
    rows: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("ack p50 / p99 / max, ms", lambda r: _three(r["ack_ms"], "p50", "p99", digits=0)),
        ("acks late (≥ 3 s) or failed", lambda r: str(r["ack_late_or_failed"])),
        ("run → all views p50 / p95 / max", lambda r: _three(r["run_s"], "p50", "p95")),
        *(
            (f"{verb} → reply p50 / p95 / max", lambda r, v=verb: _three(r[f"{v}_s"], "p50", "p95"))
            for verb in STEPS
        ),
        (
            "queued: learners, median / max wait",
            lambda r: (
                f"{r['queued']['count']}, {r['queued']['median_wait_s']:.2f} / "
                f"{r['queued']['max_wait_s']:.2f}"
            ),
        ),
        ("peak live containers / cap", lambda r: f"{r['peaks']['live']} / {r['cap']}"),
        ("learners served from the warm pool", lambda r: str(r["served_from_pool"])),
        (
            "peak containers made by the pool (idle or handed out)",
            lambda r: str(r["peaks"]["pool_labelled"]),
        ),
        (
            "left after every clean (pooled, learners')",
            lambda r: f"{r['left_after_clean']['pooled']}, {r['left_after_clean']['learners']}",
        ),
        ("left after the bot's SIGTERM", lambda r: str(r["left_after_shutdown"])),
        ("bot peak RSS, MB", lambda r: f"{r['peaks']['bot_rss_mb']:.1f}"),
        ("host CPUs busy during the class, %", lambda r: str(r["host_cpu_busy_percent"])),
        ("wall, first run → last clean", lambda r: f"{r['wall_s']:.1f}"),
        ("pool filled before the class in", lambda r: f"{r['pool_filled_s']:.1f}"),
        ("bot stopped", lambda r: str(r["stopped"])),
        ("learners with an error", lambda r: str(len(r["errors"]))),
        ("target met (p95 ≤ 5 s, cap held, 0 left)", lambda r: "yes" if r["target_met"] else "NO"),
    ]
    header = f"{'':<54}" + "".join(f"{'run ' + str(i + 1):>28}" for i in range(len(runs)))
    lines.append(header)
    for label, cell in rows:
        lines.append(f"{label:<54}" + "".join(f"{cell(r):>28}" for r in runs))
    for index, found in enumerate(runs):
        for user, error in found["errors"].items():
            lines.append(f"run {index + 1} {user}: {error}")
    return "\n".join(lines)


def _three(stats: dict[str, float], low: str, high: str, *, digits: int = 2) -> str:
    if not stats.get("n"):
        return "—"
    return f"{stats[low]:.{digits}f} / {stats[high]:.{digits}f} / {stats['max']:.{digits}f}"


def _say(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def _exit_on_term(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # so every `finally` still stops the bot and sweeps


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.class_load", description=__doc__)
    parser.add_argument("--learners", type=int, default=30, help="class size (default 30)")
    parser.add_argument(
        "--spread", type=float, default=5.0, help="seconds over which `run` arrives (default 5)"
    )
    parser.add_argument(
        "--pool-size", type=int, default=None, help="DEMO_POOL_SIZE (default: the bot's default)"
    )
    parser.add_argument(
        "--cap", type=int, default=0, help="DEMO_MAX_LIVE (default: the class size, so it fits)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="whole classes, one after another")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if not (1 <= args.learners <= MAX_LEARNERS and 1 <= args.repeat <= MAX_REPEAT):
        parser.error(f"--learners 1..{MAX_LEARNERS}, --repeat 1..{MAX_REPEAT}")
    signal.signal(signal.SIGTERM, _exit_on_term)
    os.chdir(REPO)
    preflight(DEMO)
    client = docker.from_env(timeout=60)
    runs = []
    try:
        for index in range(args.repeat):
            _say(f"class {index + 1}/{args.repeat}")
            runs.append(one_class(args, client))
            time.sleep(2)
    finally:
        client.close()
    print(json.dumps(runs, indent=2) if args.json else table(runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
