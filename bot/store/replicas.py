"""Serving replicas, the home each learner's engine commands go to, and those commands.

Every replica says it is alive every few seconds. A learner's home is one live replica on
the engine that holds their demo: their engine commands are queued here by whichever
replica Slack reached and run by the home, in the order they came. When a replica stops
saying it is alive, its learners move to a live replica on the same engine (their demos
live on) or lose their home (the next command picks one), and its commands move with them.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, text, update

from bot.store.schema import learner_homes, replicas, routed_commands, slot_claims
from bot.store.sql import SqlProgressStore
from bot.store.wake import CHANNEL

HOMES_LOCK = zlib.crc32(b"container-tutor:homes")
LEFT = datetime(2000, 1, 1, tzinfo=UTC)
"""The beat of a replica that stopped cleanly: older than any take-over's limit."""
RUNS_BEFORE_TELLING = 2
"""A command whose replica stopped mid-way runs again once; after that the learner is told."""


@dataclass(frozen=True)
class Routed:
    """One engine command on its way to (or at) the learner's home replica."""

    id: int
    learner: str
    command: dict[str, Any]
    origin_channel: str
    tries: int


@dataclass(frozen=True)
class TakeOver:
    """What became of the replicas that stopped: who they were, and commands given up.

    Only a replica on the same engine takes one over (its demos are there to remove), or
    any replica when no live one serves that engine (its demos then end at their expiry)."""

    gone: list[str]
    given_up: list[Routed]


class SqlReplicas:
    """replicas, learner_homes and routed_commands on the progress database."""

    def __init__(self, store: SqlProgressStore, *, replica: str, engine: str) -> None:
        self._store = store
        self.replica = replica
        self.engine = engine

    # ------------------------------------------------------------------ liveness

    def beat(self, *, now: datetime) -> None:
        with self._store.begin() as connection:
            done = connection.execute(
                update(replicas).where(replicas.c.id == self.replica).values(beat_at=now)
            )
            if not done.rowcount:
                connection.execute(
                    insert(replicas).values(id=self.replica, engine=self.engine, beat_at=now)
                )

    def leave(self) -> None:
        """A clean stop: marked long silent, so the next take-over moves its learners now."""
        with self._store.begin() as connection:
            connection.execute(
                update(replicas).where(replicas.c.id == self.replica).values(beat_at=LEFT)
            )

    def alive(self, *, now: datetime, within: timedelta) -> dict[str, str]:
        """Live replicas and their engines."""
        with self._store.begin() as connection:
            return _alive(connection, now - within)

    # ------------------------------------------------------------------ homes

    def home(self, learner: str, *, now: datetime, within: timedelta) -> str:
        """The live replica that runs `learner`'s engine commands, chosen now if need be."""
        with self._store.begin() as connection:
            _lock(connection)
            live = _alive(connection, now - within)
            found = connection.execute(
                select(learner_homes.c.replica, learner_homes.c.engine).where(
                    learner_homes.c.learner == learner
                )
            ).first()
            if found is not None and found.replica in live:
                return str(found.replica)
            engine = found.engine if found is not None else None
            chosen = _choose(connection, live, engine=engine, fallback=self.replica)
            connection.execute(delete(learner_homes).where(learner_homes.c.learner == learner))
            connection.execute(
                insert(learner_homes).values(
                    learner=learner, replica=chosen, engine=live.get(chosen, self.engine)
                )
            )
            return chosen

    # ------------------------------------------------------------------ routed commands

    def send(
        self,
        replica: str,
        *,
        learner: str,
        command: dict[str, Any],
        origin_channel: str,
        now: datetime,
        running: bool = False,
    ) -> int:
        """Queue a command for `replica`; `running`: this replica runs it now (it is only
        recorded, so that another replica runs it if this one is killed on the way)."""
        with self._store.begin() as connection:
            done = connection.execute(
                insert(routed_commands).values(
                    replica=replica,
                    learner=learner,
                    command=json.dumps(command, ensure_ascii=False),
                    origin_channel=origin_channel,
                    state="running" if running else "queued",
                    tries=1 if running else 0,
                    created_at=now,
                )
            )
            key = done.inserted_primary_key
            if not running and connection.dialect.name == "postgresql":  # wake the home now
                connection.execute(
                    text("SELECT pg_notify(:channel, :replica)"),
                    {"channel": CHANNEL, "replica": replica},
                )
            return int(key[0]) if key else 0

    @property
    def url(self) -> str:
        return self._store.url

    def claim(self, *, limit: int = 50) -> list[Routed]:
        """This replica's queued commands, oldest first, each marked running."""
        with self._store.begin() as connection:
            rows = connection.execute(
                select(routed_commands)
                .where(
                    routed_commands.c.replica == self.replica,
                    routed_commands.c.state == "queued",
                )
                .order_by(routed_commands.c.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            ).all()
            if rows:
                connection.execute(
                    update(routed_commands)
                    .where(routed_commands.c.id.in_([row.id for row in rows]))
                    .values(state="running", tries=routed_commands.c.tries + 1)
                )
        return [_routed(row, tries=int(row.tries) + 1) for row in rows]

    def done(self, routed_id: int) -> None:
        with self._store.begin() as connection:
            connection.execute(delete(routed_commands).where(routed_commands.c.id == routed_id))

    def waiting(self, routed_id: int) -> bool:
        """Whether a routed command is still queued or running somewhere."""
        with self._store.begin() as connection:
            found = connection.execute(
                select(routed_commands.c.id).where(routed_commands.c.id == routed_id)
            ).first()
        return found is not None

    def pending(self) -> int:
        with self._store.begin() as connection:
            return int(connection.execute(select(func.count(routed_commands.c.id))).scalar_one())

    # ------------------------------------------------------------------ take-over

    def take_over(self, *, now: datetime, within: timedelta) -> TakeOver:
        """Move the learners and commands of replicas that stopped beating to live ones."""
        with self._store.begin() as connection:
            stale = connection.execute(
                select(replicas.c.id).where(replicas.c.beat_at < now - within)
            ).all()
            if not stale:  # the usual case: one small read a beat
                return TakeOver([], [])
            _lock(connection)
            live = _alive(connection, now - within)
            served = set(live.values())
            gone = [  # a replica on the same engine takes over, so it can remove the demos
                str(row.id)
                for row in connection.execute(
                    select(replicas.c.id, replicas.c.engine).where(
                        replicas.c.beat_at < now - within
                    )
                ).all()
                if row.engine == self.engine or row.engine not in served
            ]
            if not gone:  # another replica took them over meanwhile
                return TakeOver([], [])
            homed = connection.execute(
                select(learner_homes).where(learner_homes.c.replica.in_(gone))
            ).all()
            given_up = self._move_commands(connection, gone, live, homed)
            connection.execute(delete(replicas).where(replicas.c.id.in_(gone)))
            connection.execute(delete(slot_claims).where(slot_claims.c.replica.in_(gone)))
        return TakeOver(gone=gone, given_up=given_up)

    def _move_commands(
        self, connection: Connection, stopped: list[str], live: dict[str, str], homed: Any
    ) -> list[Routed]:
        engines = {str(row.learner): str(row.engine) for row in homed}
        new_home: dict[str, str] = {}
        for row in homed:
            on_engine = sorted(r for r, e in live.items() if e == str(row.engine))
            if on_engine:  # their demo lives on: so does their home, on the same engine
                new_home[str(row.learner)] = on_engine[0]
                connection.execute(
                    update(learner_homes)
                    .where(learner_homes.c.learner == row.learner)
                    .values(replica=on_engine[0])
                )
            else:
                connection.execute(
                    delete(learner_homes).where(learner_homes.c.learner == row.learner)
                )
        given_up: list[Routed] = []
        commands = connection.execute(
            select(routed_commands)
            .where(routed_commands.c.replica.in_(stopped))
            .order_by(routed_commands.c.id)
        ).all()
        for row in commands:
            learner = str(row.learner)
            target = new_home.get(learner) or _choose(
                connection, live, engine=engines.get(learner), fallback=self.replica
            )
            new_home.setdefault(learner, target)
            if int(row.tries) >= RUNS_BEFORE_TELLING:
                given_up.append(_routed(row, tries=int(row.tries)))
                connection.execute(delete(routed_commands).where(routed_commands.c.id == row.id))
                continue
            connection.execute(
                update(routed_commands)
                .where(routed_commands.c.id == row.id)
                .values(replica=target, state="queued")
            )
        return given_up


def _alive(connection: Connection, since: datetime) -> dict[str, str]:
    rows = connection.execute(
        select(replicas.c.id, replicas.c.engine).where(replicas.c.beat_at >= since)
    ).all()
    return {str(row.id): str(row.engine) for row in rows}


def _choose(
    connection: Connection, live: Mapping[str, str], *, engine: str | None, fallback: str
) -> str:
    """A live replica: on `engine` if one serves it, else on the engine with the fewest
    demos; among those, the one with the fewest learners."""
    if not live:
        return fallback
    candidates = [r for r, e in live.items() if e == engine] or list(live)
    if engine is None or not any(live[r] == engine for r in candidates):
        demos = {
            str(engine): int(count)
            for engine, count in connection.execute(
                select(slot_claims.c.engine, func.count())
                .where(slot_claims.c.cap == "demo")
                .group_by(slot_claims.c.engine)
            ).all()
        }
        least = min(demos.get(live[r], 0) for r in candidates)
        candidates = [r for r in candidates if demos.get(live[r], 0) == least]
    homes = {
        str(replica): int(count)
        for replica, count in connection.execute(
            select(learner_homes.c.replica, func.count())
            .where(learner_homes.c.replica.in_(candidates))
            .group_by(learner_homes.c.replica)
        ).all()
    }
    return min(sorted(candidates), key=lambda r: homes.get(r, 0))


def _lock(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": HOMES_LOCK})


def _routed(row: Any, *, tries: int) -> Routed:
    return Routed(
        id=int(row.id),
        learner=str(row.learner),
        command=dict(json.loads(row.command)),
        origin_channel=str(row.origin_channel),
        tries=tries,
    )
