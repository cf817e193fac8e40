"""The global demo and VM caps, shared by every replica: one row per held slot.

Taking a slot counts the rows and inserts one in a single transaction that holds a lock
for the whole cap (PostgreSQL: an advisory lock; SQLite: `BEGIN IMMEDIATE` already holds
the one write lock), so two replicas can never both take the last slot.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select, text, update

from bot.core.quiz.ports import StoreError
from bot.store.schema import slot_claims
from bot.store.sql import SqlProgressStore

log = logging.getLogger(__name__)


class SqlSlots:
    """A `capacity.Ledger` for one cap (`demo` or `vm`) and one replica on one engine."""

    def __init__(
        self,
        store: SqlProgressStore,
        *,
        cap: str,
        limit: int,
        replica: str,
        engine: str,
        now: Callable[[], datetime],
    ) -> None:
        self._store = store
        self._cap = cap
        self._limit = limit
        self._replica = replica
        self._engine = engine
        self._now = now
        self._lock_key = zlib.crc32(f"container-tutor:{cap}".encode())

    def take(self, key: str) -> bool:
        try:
            with self._store.begin() as connection:
                self._lock(connection)
                mine = slot_claims.c.cap == self._cap
                held = connection.execute(
                    select(slot_claims.c.key).where(mine, slot_claims.c.key == key)
                ).first()
                here = {"replica": self._replica, "engine": self._engine}
                if held is not None:  # the learner's one slot, wherever it was taken
                    connection.execute(
                        update(slot_claims).where(mine, slot_claims.c.key == key).values(**here)
                    )
                    return True
                count = connection.execute(select(func.count()).where(mine)).scalar_one()
                if int(count) >= self._limit:
                    return False
                connection.execute(
                    insert(slot_claims).values(cap=self._cap, key=key, since=self._now(), **here)
                )
                return True
        except StoreError:
            log.warning("the shared %s cap could not be read; no slot given", self._cap)
            return False

    def give_back(self, key: str) -> None:
        self._delete(slot_claims.c.key == key)

    def rename(self, old: str, new: str) -> None:
        try:
            with self._store.begin() as connection:
                self._lock(connection)
                mine = slot_claims.c.cap == self._cap
                connection.execute(delete(slot_claims).where(mine, slot_claims.c.key == new))
                connection.execute(
                    update(slot_claims)
                    .where(mine, slot_claims.c.key == old)
                    .values(key=new, replica=self._replica, engine=self._engine)
                )
        except StoreError:
            log.warning("the shared %s cap could not be updated", self._cap)

    def keep_only(self, keys: set[str]) -> None:
        self._delete(slot_claims.c.replica == self._replica, slot_claims.c.key.not_in(keys))

    def held(self) -> dict[str, int]:
        """Slots held on each engine, for choosing the one with the most room."""
        with self._store.begin() as connection:
            rows = connection.execute(
                select(slot_claims.c.engine, func.count())
                .where(slot_claims.c.cap == self._cap)
                .group_by(slot_claims.c.engine)
            ).all()
        return {str(engine): int(count) for engine, count in rows}

    def _delete(self, *where: object) -> None:
        try:
            with self._store.begin() as connection:
                connection.execute(
                    delete(slot_claims).where(slot_claims.c.cap == self._cap, *where)  # type: ignore[arg-type]
                )
        except StoreError:
            log.warning("the shared %s cap could not be updated", self._cap)

    def _lock(self, connection: Connection) -> None:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": self._lock_key})


def forget_replicas(store: SqlProgressStore, gone: list[str]) -> int:
    """Slots held by replicas that are gone go back to the cap."""
    if not gone:
        return 0
    with store.begin() as connection:
        done = connection.execute(delete(slot_claims).where(slot_claims.c.replica.in_(gone)))
    return int(done.rowcount or 0)
