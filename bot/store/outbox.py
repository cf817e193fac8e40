"""A durable outbox for Slack replies: what could not be sent is kept, retried and never lost.

A reply is first sent directly. Only one that met an error lands here, with its Web API
method and arguments. Senders on any replica claim due rows with a compare-and-set lease
(an UPDATE that succeeds for one claimer only), so a row is tried by one sender at a time,
and a sender that dies lets its lease lapse. A row that still fails after the retry window
is held for the learner's next interaction instead of being dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import delete, func, insert, or_, select, update

from bot.store.schema import outbox
from bot.store.sql import SqlProgressStore

OutboxState = Literal["pending", "held"]
ERROR_CHARS = 200


@dataclass(frozen=True)
class OutboxItem:
    id: int
    learner: str
    method: str
    args: dict[str, Any]
    created_at: datetime
    tries: int


class SqlOutbox:
    """The outbox table, on the progress store's database."""

    def __init__(self, store: SqlProgressStore) -> None:
        self._store = store

    def add(self, *, learner: str, method: str, args: dict[str, Any], now: datetime) -> int:
        with self._store.begin() as connection:
            result = connection.execute(
                insert(outbox).values(
                    learner=learner,
                    method=method,
                    args=json.dumps(args, ensure_ascii=False),
                    created_at=now,
                    due_at=now,
                    tries=0,
                    state="pending",
                )
            )
            key = result.inserted_primary_key
            return int(key[0]) if key else 0

    def claim_due(self, *, now: datetime, lease: timedelta, limit: int = 20) -> list[OutboxItem]:
        """Due pending rows that no live lease holds; each one returned is leased to us."""
        with self._store.begin() as connection:
            rows = connection.execute(
                select(outbox)
                .where(outbox.c.state == "pending", outbox.c.due_at <= now, _unleased(now))
                .order_by(outbox.c.due_at, outbox.c.id)
                .limit(limit)
            ).all()
            claimed = []
            for row in rows:
                won = connection.execute(
                    update(outbox)
                    .where(outbox.c.id == row.id, _unleased(now))
                    .values(claimed_until=now + lease)
                )
                if won.rowcount == 1:
                    claimed.append(_item(row))
            return claimed

    def delivered(self, item_id: int) -> None:
        with self._store.begin() as connection:
            connection.execute(delete(outbox).where(outbox.c.id == item_id))

    def retry(self, item_id: int, *, error: str, due_at: datetime) -> None:
        self._close(item_id, error, state="pending", due_at=due_at)

    def hold(self, item_id: int, *, error: str) -> None:
        """Give up retrying: keep it for when the learner next talks to the tutor."""
        self._close(item_id, error, state="held", due_at=None)

    def held_for(self, learner: str) -> list[OutboxItem]:
        with self._store.begin() as connection:
            rows = connection.execute(
                select(outbox)
                .where(outbox.c.learner == learner, outbox.c.state == "held")
                .order_by(outbox.c.id)
            ).all()
        return [_item(row) for row in rows]

    def depth(self) -> dict[OutboxState, int]:
        with self._store.begin() as connection:
            rows = connection.execute(
                select(outbox.c.state, func.count()).group_by(outbox.c.state)
            ).all()
        counts: dict[OutboxState, int] = {"pending": 0, "held": 0}
        for state, count in rows:
            if state in counts:
                counts[state] = int(count)
        return counts

    def _close(
        self, item_id: int, error: str, *, state: OutboxState, due_at: datetime | None
    ) -> None:
        values: dict[str, Any] = {
            "tries": outbox.c.tries + 1,
            "last_error": error[:ERROR_CHARS],
            "state": state,
            "claimed_until": None,
        }
        if due_at is not None:
            values["due_at"] = due_at
        with self._store.begin() as connection:
            connection.execute(update(outbox).where(outbox.c.id == item_id).values(**values))


def _unleased(now: datetime) -> Any:
    return or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < now)


def _item(row: Any) -> OutboxItem:
    return OutboxItem(
        id=int(row.id),
        learner=str(row.learner),
        method=str(row.method),
        args=json.loads(row.args),
        created_at=row.created_at,
        tries=int(row.tries),
    )
