"""Small facts every replica must agree on: handled Slack events, kept listings, and the
channel threads the tutor follows.

Each is one row with a primary key, so "first one wins" is the database's unique key:
an insert that meets an existing row means another replica (or a retry) was first.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Insert, delete, insert, select
from sqlalchemy.exc import IntegrityError

from bot.core.quiz.ports import StoreError
from bot.store.schema import followed_threads, kept_listings, seen_events
from bot.store.sql import SqlProgressStore


def inserted(store: SqlProgressStore, row: Insert) -> bool:
    """Insert `row`; False when its key is taken already (another replica was first)."""
    try:
        with store.begin() as connection:
            connection.execute(row)
    except StoreError as error:
        if isinstance(error.__cause__, IntegrityError):
            return False
        raise
    return True


class SqlShared:
    """seen_events, kept_listings and followed_threads on the progress database."""

    def __init__(self, store: SqlProgressStore) -> None:
        self._store = store

    def first_sight(self, event_id: str, *, now: datetime) -> bool:
        """True for the first replica to see this event id; False for a retry of it."""
        return inserted(self._store, insert(seen_events).values(id=event_id, seen_at=now))

    def keep(self, channel: str, ts: str, message: dict[str, Any], *, now: datetime) -> None:
        """Keep (or replace) the reply posted at channel/ts, as JSON."""
        data = json.dumps(message, ensure_ascii=False)
        key = (kept_listings.c.channel == channel, kept_listings.c.ts == ts)
        with self._store.begin() as connection:
            connection.execute(delete(kept_listings).where(*key))
            connection.execute(
                insert(kept_listings).values(channel=channel, ts=ts, message=data, kept_at=now)
            )

    def kept(self, channel: str, ts: str) -> dict[str, Any] | None:
        with self._store.begin() as connection:
            found = connection.execute(
                select(kept_listings.c.message).where(
                    kept_listings.c.channel == channel, kept_listings.c.ts == ts
                )
            ).scalar_one_or_none()
        return None if found is None else dict(json.loads(found))

    def follow(self, channel: str, thread_ts: str, *, now: datetime) -> None:
        row = insert(followed_threads).values(channel=channel, thread_ts=thread_ts, since=now)
        inserted(self._store, row)  # False: followed already

    def follows(self, channel: str, thread_ts: str) -> bool:
        with self._store.begin() as connection:
            found = connection.execute(
                select(followed_threads.c.channel).where(
                    followed_threads.c.channel == channel,
                    followed_threads.c.thread_ts == thread_ts,
                )
            ).first()
        return found is not None

    def forget_before(self, moment: datetime) -> int:
        """Drop event ids and listings older than `moment` (Slack retries within minutes)."""
        with self._store.begin() as connection:
            events = connection.execute(delete(seen_events).where(seen_events.c.seen_at < moment))
            listings = connection.execute(
                delete(kept_listings).where(kept_listings.c.kept_at < moment)
            )
        return int(events.rowcount or 0) + int(listings.rowcount or 0)
