"""What operators read, joined to the parts: the metrics' gauges and counters, and the
readiness checks of the engine and the database.

Gauges are read when `/metrics` is scraped (nothing polls in between); the outbox depth is
one grouped query, kept for a second so a scrape costs at most one.
"""

from __future__ import annotations

import time
from collections.abc import Callable

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
    depth = _cached(SqlOutbox(parts.store).depth)
    for state in ("pending", "held"):
        metrics.outbox_depth.labels(state=state).set_function(
            lambda state=state: depth().get(state, 0)  # type: ignore[misc]
        )


def _cached(
    read: Callable[[], dict[OutboxState, int]],
) -> Callable[[], dict[OutboxState, int]]:
    kept: dict[OutboxState, int] = {}
    at = [float("-inf")]

    def cached() -> dict[OutboxState, int]:
        if time.monotonic() - at[0] >= DEPTH_TTL_SECONDS:
            try:
                kept.update(read())
            except Exception:  # a scrape must not fail because the database did
                kept.clear()
            at[0] = time.monotonic()
        return kept

    return cached


def engine_check(parts: Parts) -> Check:
    """The engine answers a ping (the same client demos are made with)."""
    return in_thread(lambda: parts.sandbox.client.ping())


def database_check(parts: Parts) -> Check:
    """The progress database answers a trivial query."""

    def query() -> None:
        with parts.store.begin() as connection:
            connection.execute(text("SELECT 1"))

    return in_thread(query)
