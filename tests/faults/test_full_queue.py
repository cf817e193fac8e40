"""A full demo cap: queued runs hold no thread, show their true place, and give up on time."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TypeVar

from bot.core.messages import say
from testkit.served import ServedBot, dm, text_of
from tests.faults.conftest import Serve

T = TypeVar("T")
PLACE = re.compile(r"number (\d+) in the queue")


def eventually(
    check: Callable[[], T | None], timeout: float, seen: Callable[[], object] = lambda: ""
) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout} s; seen: {seen()}")


def shown(bot: ServedBot, user: str) -> list[str]:
    return [text_of(m.get("blocks")) for m in bot.slack.messages(dm(user))]


def place(bot: ServedBot, user: str) -> int | None:
    """The queue place the learner's queue message shows now."""
    found = [int(m.group(1)) for text in shown(bot, user) if (m := PLACE.search(text))]
    return found[-1] if found else None


def live_demo(bot: ServedBot, user: str, timeout: float = 90) -> None:
    eventually(lambda: any("sleep 3600" in text for text in shown(bot, user)), timeout)


def answered_in(bot: ServedBot, user: str, text: str) -> float:
    """Seconds from the command to its reply (a DM message that is no longer progress)."""
    before = len(bot.slack.messages(dm(user)))
    started = time.monotonic()
    bot.command(user, text)
    working = say("progress_working", "en")

    def replied() -> bool:
        after = bot.slack.messages(dm(user))[before:]
        return bool(after) and all(working not in m.get("text", "") for m in after)

    eventually(replied, 60)
    return time.monotonic() - started


def test_queued_runs_hold_no_thread_show_true_places_and_move_in_place(serve: Serve) -> None:
    bot = serve(DEMO_MAX_LIVE="1", DEMO_QUEUE_WAIT_SECONDS="300")
    bot.command("U0", "run busybox")
    live_demo(bot, "U0")
    queued = [f"U{n}" for n in range(1, 11)]  # more than the tutor has threads
    for user in queued:
        bot.command(user, "run busybox")
    places = eventually(
        lambda: found if None not in (found := [place(bot, u) for u in queued]) else None, 30
    )
    assert sorted(places) == list(range(1, 11))  # type: ignore[type-var]

    assert answered_in(bot, "U11", "progress") <= 2.0  # nobody else waits behind the queue
    assert answered_in(bot, "U5", "progress") <= 2.0  # nor a queued learner's other commands
    assert answered_in(bot, "U0", "top") <= 2.0  # nor commands on one's own live demo

    first = queued[places.index(1)]
    messages_before = {u: [m["ts"] for m in bot.slack.messages(dm(u))] for u in queued}
    bot.command("U0", "clean")
    live_demo(bot, first)
    rest = [u for u in queued if u != first]
    eventually(lambda: sorted(place(bot, u) or 0 for u in rest) == list(range(1, 10)), 15)
    for user in rest:  # edited in place: the queue message is the one first posted
        assert messages_before[user][0] in [m["ts"] for m in bot.slack.messages(dm(user))]
        assert len([t for t in shown(bot, user) if PLACE.search(t)]) == 1


def test_the_queue_wait_is_honoured_to_the_second_then_try_again_queues_anew(
    serve: Serve,
) -> None:
    bot = serve(DEMO_MAX_LIVE="1", DEMO_QUEUE_WAIT_SECONDS="3")
    bot.command("U0", "run busybox")
    live_demo(bot, "U0")
    started = time.monotonic()
    bot.command("U1", "run busybox")
    seen = lambda: shown(bot, "U1")  # noqa: E731
    eventually(lambda: place(bot, "U1") == 1, 20, seen)
    eventually(lambda: any("after waiting 3 s" in t for t in shown(bot, "U1")), 20, seen)
    waited = time.monotonic() - started
    assert 3.0 <= waited <= 4.5
    bot.click("U1", "ct:run")
    eventually(lambda: place(bot, "U1") == 1, 20, seen)


def test_clean_while_queued_leaves_the_queue_and_says_so(serve: Serve) -> None:
    bot = serve(DEMO_MAX_LIVE="1", DEMO_QUEUE_WAIT_SECONDS="300")
    bot.command("U0", "run busybox")
    live_demo(bot, "U0")
    bot.command("U1", "run busybox")
    eventually(lambda: place(bot, "U1") == 1, 10)
    bot.command("U2", "run busybox")
    eventually(lambda: place(bot, "U2") == 2, 10)
    bot.command("U1", "clean")
    left = say("queue_left", "en")
    eventually(lambda: any(left in t for t in shown(bot, "U1")), 10)
    eventually(lambda: place(bot, "U2") == 1, 10)


def test_a_vm_queued_behind_the_vm_cap_holds_no_thread_and_gives_up_on_time(
    serve: Serve,
) -> None:
    bot = serve(VM_MAX_LIVE="1", DEMO_QUEUE_WAIT_SECONDS="3")
    bot.command("U0", "vm")

    def booted() -> bool:
        texts = shown(bot, "U0")
        return bool(texts) and ":hourglass_flowing_sand:" not in texts[-1]

    eventually(booted, 120, lambda: shown(bot, "U0"))
    started = time.monotonic()
    bot.command("U1", "vm")
    eventually(lambda: place(bot, "U1") == 1, 20, lambda: shown(bot, "U1"))
    assert answered_in(bot, "U2", "progress") <= 2.0
    eventually(lambda: any("after waiting 3 s" in t for t in shown(bot, "U1")), 20)
    assert 3.0 <= time.monotonic() - started <= 4.5
