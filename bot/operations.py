"""What operators read, joined to the parts: the metrics' gauges and counters, and the
readiness checks of the engine and the database.

Gauges are read when `/metrics` is scraped (nothing polls in between); the outbox depth is
one grouped query, kept for a second so a scrape costs at most one.
"""

from __future__ import annotations

import functools
import time
from typing import get_args

from sqlalchemy import text

from bot.health import Check, in_thread
from bot.metrics import Metrics
from bot.store.outbox import OutboxState, SqlOutbox
from bot.wiring import Parts

DEPTH_TTL_SECONDS = 1.0


def watch(metrics: Metrics, parts: Parts) -> None:
    """Feed `metrics` from the parts: commands as the tutor answers, gauges when scraped."""
    parts.tutor.observers.append(
        lambda verb, outcome: metrics.commands.labels(verb=verb, outcome=outcome).inc()
    )
    metrics.demos_live.set_function(lambda: parts.demos.live_count)
    metrics.demos_queued.set_function(lambda: parts.capacity.waiting)
    depth = OutboxDepth(SqlOutbox(parts.store))
    for state in get_args(OutboxState):
        metrics.outbox_depth.labels(state=state).set_function(functools.partial(depth.of, state))


class OutboxDepth:
    """The outbox's rows by state, read at most once per DEPTH_TTL_SECONDS."""

    def __init__(self, outbox: SqlOutbox) -> None:
        self._outbox = outbox
        self._counts: dict[OutboxState, int] = {}
        self._read_at = float("-inf")

    def of(self, state: OutboxState) -> int:
        if time.monotonic() - self._read_at >= DEPTH_TTL_SECONDS:
            try:
                self._counts = self._outbox.depth()
            except Exception:  # a scrape must not fail because the database did
                self._counts = {}
            self._read_at = time.monotonic()
        return self._counts.get(state, 0)


def engine_check(parts: Parts) -> Check:
    """The engine answers a ping (the same client demos are made with)."""
    return in_thread(lambda: parts.sandbox.client.ping())


def database_check(parts: Parts) -> Check:
    """The progress database answers a trivial query."""

    def query() -> None:
        with parts.store.begin() as connection:
            connection.execute(text("SELECT 1"))

    return in_thread(query)
