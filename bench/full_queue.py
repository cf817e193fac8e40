"""A class at a full demo cap: 50 learners type `run` within 5 s with 8 slots, then more.

The real bot (`python -m bot serve`) runs as a subprocess against the Slack stand-in
(`testkit.served`), on a throwaway SQLite file, with DEMO_MAX_LIVE=8 and a queue wait long
enough that nobody gives up during the bench. Steps:

1. every learner types `run busybox`, spread over `--spread` seconds (5 by default);
2. once every learner's DM shows a demo or a queue place, the places shown are checked:
   the queued learners must show exactly 1..N (the true places);
3. while the queue is full, every learner types `--others` other commands, one round after
   the other (the next round once the last is answered), over quiz, progress, top and ask;
   commands go out as fast as the acks come back; the time from sending to the final
   reply (the DM message no longer saying "Working on it…") is measured from the stand-in's
   record of calls; `ask` is answered in the ack itself, so its time is the ack's;
4. the places are checked again (the queue has not moved: no one cleaned);
5. with 8 live and the queue full, SIGTERM: the seconds to exit and the demos left.

Reported: acks, non-demo reply p50/p95/max (target p95 <= 2 s), whether the places were
right, acked commands without a final reply (target 0: every DM message ends in a reply,
not a progress or queue note), the shutdown time (target <= 10 s) and demos left (target 0).

    python -m bench.full_queue [--learners 50] [--cap 8] [--others 2] [--spread 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import docker

from bot.core.grammar import ENGINE_VERBS, QUIZ_VERBS, Command, parse
from bot.core.messages import say
from testkit.served import SECRET, TOKEN, ServedBot, dm, text_of
from testkit.standin import SlackStandIn

RUN_LABEL = "container-tutor.run"
PLACE = re.compile(r"number (\d+) in the queue")
OTHERS = ("quiz", "progress", "top", "ask what is a namespace")
WORKING = say("progress_working", "en")
PROGRESS_MARK = ":hourglass_flowing_sand:"


def in_dm(text: str) -> bool:
    """Engine and quiz commands are answered in the DM; the rest in the ack."""
    parsed = parse(text)
    return isinstance(parsed, Command) and parsed.verb in ENGINE_VERBS | QUIZ_VERBS


def nearest_rank(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else float("nan")


def states(bot: ServedBot, users: list[str]) -> dict[str, str]:
    """What each learner's demo message shows: live, queued:N, or waiting (nothing yet)."""
    found: dict[str, str] = {}
    for user in users:
        texts = [text_of(m.get("blocks")) for m in bot.slack.messages(dm(user))]
        places = [int(m.group(1)) for t in texts if (m := PLACE.search(t))]
        if any("sleep 3600" in t for t in texts):
            found[user] = "live"
        elif places:
            found[user] = f"queued:{places[-1]}"
        else:
            found[user] = "waiting"
    return found


def places_right(shown: dict[str, str], cap: int) -> bool:
    places = sorted(int(s.split(":")[1]) for s in shown.values() if s.startswith("queued:"))
    live = sum(1 for s in shown.values() if s == "live")
    return live == cap and places == list(range(1, len(places) + 1))


def wait_settled(bot: ServedBot, users: list[str], cap: int, timeout: float) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    shown = states(bot, users)
    while time.monotonic() < deadline:
        shown = states(bot, users)
        if "waiting" not in shown.values() and places_right(shown, cap):
            return shown
        time.sleep(0.2)
    return shown


def reply_seconds(bot: ServedBot, sent: list[tuple[str, float]]) -> list[float | None]:
    """For each (user, time.time() sent): seconds to the final edit of its progress message."""
    posts = bot.slack.calls("chat.postMessage")
    updates = bot.slack.calls("chat.update")
    taken: set[str] = set()
    found: list[float | None] = []
    for user, at in sent:
        mine = [
            p
            for p in posts
            if p.args.get("channel") == dm(user)
            and p.at >= at
            and p.args.get("text") == WORKING
            and str(p.response.get("ts")) not in taken
        ]
        if not mine:
            found.append(None)
            continue
        ts = str(mine[0].response.get("ts"))
        taken.add(ts)
        final = [
            u for u in updates if u.ok and u.args.get("ts") == ts and u.args.get("text") != WORKING
        ]
        found.append(final[0].at - at if final else None)
    return found


def unfinished(bot: ServedBot, users: list[str]) -> int:
    """DM messages still on progress (or a queue place) once the bot has stopped."""
    left = 0
    for user in users:
        for message in bot.slack.messages(dm(user)):
            text = text_of(message.get("blocks"))
            if PROGRESS_MARK in text:
                left += 1
    return left


def bench(learners: int, cap: int, others: int, spread: float) -> dict[str, Any]:
    run_tag = f"bench-full-queue-{uuid.uuid4().hex[:8]}"
    os.environ["CONTAINER_TUTOR_RUN"] = run_tag
    engine = docker.from_env()
    users = [f"L{n:02d}" for n in range(learners)]
    result: dict[str, Any] = {"learners": learners, "cap": cap}
    with (
        SlackStandIn(signing_secret=SECRET, bot_token=TOKEN) as slack,
        tempfile.TemporaryDirectory() as workdir,
    ):
        bot = ServedBot(
            slack=slack,
            workdir=Path(workdir),
            settings={"DEMO_MAX_LIVE": str(cap), "DEMO_QUEUE_WAIT_SECONDS": "900"},
        )
        bot.start()
        try:
            acks: list[bool] = []
            started = time.monotonic()
            with ThreadPoolExecutor(max_workers=8) as pool:
                futures = []
                for index, user in enumerate(users):
                    time.sleep(max(0.0, started + spread * index / learners - time.monotonic()))
                    futures.append(pool.submit(bot.command, user, "run busybox"))
                acks += [f.result().acked_in_time for f in futures]
            result["runs_sent_seconds"] = round(time.monotonic() - started, 2)
            shown = wait_settled(bot, users, cap, timeout=300)
            result["places_right_after_runs"] = places_right(shown, cap)
            result["queued"] = sum(1 for s in shown.values() if s.startswith("queued:"))

            sent: list[tuple[str, float]] = []  # answered in the DM
            in_ack: list[float] = []  # answered in the ack itself (`ask`, `help`)
            for round_ in range(others):  # a learner types the next once the last is answered
                for index, user in enumerate(users):
                    text = OTHERS[(index + round_) % len(OTHERS)]
                    at = time.time()
                    answer = bot.command(user, text)
                    acks.append(answer.acked_in_time)
                    if in_dm(text):
                        sent.append((user, at))
                    else:
                        in_ack.append(answer.elapsed)
                deadline = time.monotonic() + 30
                while None in reply_seconds(bot, sent) and time.monotonic() < deadline:
                    time.sleep(0.2)
            seconds = reply_seconds(bot, sent)
            answered = [s for s in seconds if s is not None] + in_ack
            result["other_commands"] = len(sent) + len(in_ack)
            result["other_replied"] = len(answered)
            result["other_p50_s"] = round(nearest_rank(answered, 0.50), 3)
            result["other_p95_s"] = round(nearest_rank(answered, 0.95), 3)
            result["other_max_s"] = round(max(answered, default=float("nan")), 3)
            shown = states(bot, users)
            result["places_right_after_others"] = places_right(shown, cap)
            result["live_at_sigterm"] = sum(1 for s in shown.values() if s == "live")
            result["queued_at_sigterm"] = sum(1 for s in shown.values() if s.startswith("queued"))
            result["acked"] = sum(acks)
            result["sent"] = len(acks)
        finally:
            result["sigterm_exit_s"] = round(bot.stop(timeout=60), 2)
            result["exit_code"] = bot.process.returncode if bot.process else None
        left = engine.containers.list(all=True, filters={"label": [f"{RUN_LABEL}={run_tag}"]})
        result["demos_left"] = len(left)
        for container in left:
            container.remove(force=True)
        result["acked_without_final_reply"] = unfinished(bot, users) + (
            len(sent) - len([s for s in reply_seconds(bot, sent) if s is not None])
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--cap", type=int, default=8)
    parser.add_argument("--others", type=int, default=2)
    parser.add_argument("--spread", type=float, default=5.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = bench(args.learners, args.cap, args.others, args.spread)
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
        return
    width = max(len(key) for key in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
