"""SIGTERM with the cap full and a queue: out in 10 s, no demo left, every learner told."""

from __future__ import annotations

import time
from typing import Any

from bot.core.messages import say
from tests.conftest import OURS
from tests.faults.conftest import Serve
from tests.faults.test_full_queue import eventually, live_demo, place, shown


def test_sigterm_with_eight_live_and_a_queue_exits_in_ten_seconds_leaving_nothing(
    serve: Serve, engine: Any
) -> None:
    bot = serve(DEMO_MAX_LIVE="8", DEMO_QUEUE_WAIT_SECONDS="300")
    live = [f"U{n}" for n in range(8)]
    queued = [f"Q{n}" for n in range(4)]
    for user in live:
        bot.command(user, "run busybox")
    for user in live:
        live_demo(bot, user, timeout=120)
    for user in queued:
        bot.command(user, "run busybox")
    eventually(lambda: sorted(place(bot, u) or 0 for u in queued) == [1, 2, 3, 4], 30)

    seconds = bot.stop(timeout=30)

    assert seconds <= 10.0
    assert bot.process is not None and bot.process.returncode == 0
    assert engine.containers.list(all=True, filters=OURS) == []
    closed = say("queue_closed", "en")
    for user in queued:
        assert any(closed in text for text in shown(bot, user))
    for user in live:
        assert any("sleep 3600" in text for text in shown(bot, user))


def test_a_sigterm_right_after_a_run_still_sends_its_reply(serve: Serve, engine: Any) -> None:
    bot = serve()
    bot.command("U1", "run busybox")
    time.sleep(0.07)
    seconds = bot.stop(timeout=30)
    assert seconds <= 10.0
    texts = shown(bot, "U1")
    assert texts, "the learner got nothing"
    assert any("sleep 3600" in text for text in texts), texts
    assert engine.containers.list(all=True, filters=OURS) == []


def test_a_sigterm_while_a_vm_boots_exits_in_ten_seconds_and_finishes_its_message(
    serve: Serve, engine: Any
) -> None:
    bot = serve()
    bot.command("U1", "vm")
    eventually(lambda: any("Booting a virtual machine" in t for t in shown(bot, "U1")), 60)
    seconds = bot.stop(timeout=60)
    assert seconds <= 10.0
    assert engine.containers.list(all=True, filters=OURS) == []
    (last,) = [t for t in shown(bot, "U1")][-1:]
    assert ":hourglass_flowing_sand:" not in last, last  # a reply or a clear note, never stuck
