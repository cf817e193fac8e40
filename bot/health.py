"""Readiness that tells the truth: the engine, the database and Slack, each really asked.

A check is a coroutine that raises when its part is not usable. Each result is kept for
`ttl` seconds, so probes every few seconds cost one engine ping, one trivial query and one
`auth.test` per `ttl`, however many probes arrive; a check that hangs counts as failed after
`timeout`. Errors are cut to one redacted line: a readiness body is read by operators and
their dashboards, never a place for a password in a database URL.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from bot.logs import redactor

Check = Callable[[], Awaitable[None]]
TTL_SECONDS = 3.0
TIMEOUT_SECONDS = 3.0
ERROR_CHARS = 200


@dataclass(frozen=True)
class Outcome:
    ok: bool
    error: str | None
    at: float


class Readiness:
    """Named checks, each cached for `ttl` seconds; `report` says which failed."""

    def __init__(
        self,
        checks: Mapping[str, Check],
        *,
        ttl: float = TTL_SECONDS,
        timeout: float = TIMEOUT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._checks = dict(checks)
        self._ttl = ttl
        self._timeout = timeout
        self._clock = clock
        self._outcomes: dict[str, Outcome] = {}
        self._locks = {name: asyncio.Lock() for name in self._checks}
        self._redact = redactor(())

    async def report(self) -> dict[str, object]:
        """`{"ready": bool, "checks": {name: {"ok": bool, "error": str?}}}`."""
        outcomes = await asyncio.gather(*(self._outcome(name) for name in self._checks))
        checks: dict[str, dict[str, object]] = {}
        for name, outcome in zip(self._checks, outcomes, strict=True):
            entry: dict[str, object] = {"ok": outcome.ok}
            if outcome.error is not None:
                entry["error"] = outcome.error
            checks[name] = entry
        return {"ready": all(o.ok for o in outcomes), "checks": checks}

    async def _outcome(self, name: str) -> Outcome:
        async with self._locks[name]:  # concurrent probes share one check
            kept = self._outcomes.get(name)
            if kept is not None and self._clock() - kept.at < self._ttl:
                return kept
            outcome = await self._run(self._checks[name])
            self._outcomes[name] = outcome
            return outcome

    async def _run(self, check: Check) -> Outcome:
        try:
            await asyncio.wait_for(check(), timeout=self._timeout)
        except TimeoutError:
            return Outcome(False, f"no answer within {self._timeout:g} s", self._clock())
        except Exception as error:  # any failure means "not ready", said in one line
            return Outcome(False, self._line(error), self._clock())
        return Outcome(True, None, self._clock())

    def _line(self, error: Exception) -> str:
        text = str(error).strip().splitlines()
        first = text[0] if text else ""
        line = f"{type(error).__name__}: {first}" if first else type(error).__name__
        return self._redact(line)[:ERROR_CHARS]


def in_thread(blocking: Callable[[], object]) -> Check:
    """A check from a blocking call (docker-py, SQLAlchemy), run off the event loop."""

    async def check() -> None:
        await asyncio.to_thread(blocking)

    return check
