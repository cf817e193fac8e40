"""Readiness asks each part at most once per `ttl`, says which failed, and never hangs."""

from __future__ import annotations

import asyncio

from bot.health import Readiness


class Part:
    def __init__(self) -> None:
        self.asked = 0
        self.failing: Exception | None = None
        self.hanging = False

    async def check(self) -> None:
        self.asked += 1
        if self.hanging:
            await asyncio.sleep(60)
        if self.failing is not None:
            raise self.failing


def test_each_check_is_cached_and_failures_are_named() -> None:
    now = [0.0]
    engine, database = Part(), Part()
    readiness = Readiness(
        {"engine": engine.check, "database": database.check}, ttl=3.0, clock=lambda: now[0]
    )

    async def scenario() -> None:
        ready = await readiness.report()
        assert ready == {
            "ready": True,
            "checks": {"engine": {"ok": True}, "database": {"ok": True}},
        }
        engine.failing = ConnectionError("engine gone\nmore detail")
        await asyncio.gather(*(readiness.report() for _ in range(5)))
        assert engine.asked == 1  # within the ttl: cached
        now[0] = 3.5
        report = await readiness.report()
        assert report["ready"] is False
        assert report["checks"] == {
            "engine": {"ok": False, "error": "ConnectionError: engine gone"},
            "database": {"ok": True},
        }
        assert engine.asked == 2 and database.asked == 2

    asyncio.run(scenario())


def test_a_hanging_check_fails_after_the_timeout_and_errors_are_redacted() -> None:
    stuck, leaky = Part(), Part()
    stuck.hanging = True
    leaky.failing = RuntimeError("cannot reach postgresql://tutor:hunter2@db:5432/tutor")
    readiness = Readiness({"stuck": stuck.check, "leaky": leaky.check}, timeout=0.1)
    report = asyncio.run(readiness.report())
    assert report["checks"] == {
        "stuck": {"ok": False, "error": "no answer within 0.1 s"},
        "leaky": {
            "ok": False,
            "error": "RuntimeError: cannot reach postgresql://tutor:[redacted]@db:5432/tutor",
        },
    }
