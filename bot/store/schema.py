"""The progress tables, as SQLAlchemy Core; migrations/ creates and changes them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

ID = 64  # Slack user ids are short; the console learner is "console"
QUESTION = 48  # course ids are at most 48 characters

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(TypeDecorator[datetime]):
    """Stored as naive UTC everywhere (SQLite has no zones), read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(
        self,
        value: datetime | None,
        dialect: Dialect,  # noqa: ARG002 - SQLAlchemy's signature
    ) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the progress store")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(
        self,
        value: datetime | None,
        dialect: Dialect,  # noqa: ARG002 - SQLAlchemy's signature
    ) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


learners = Table(
    "learners",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("lang", String(2)),
    Column("locale_lang", String(2)),
    Column("tz", String(64)),
    Column("review_at", String(5)),
)

attempts = Table(
    "attempts",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("learner", String(ID), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("lesson", String(QUESTION)),
    Column("questions", Text, nullable=False),  # JSON list of question ids, in order
    Column("position", Integer, nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime),
    Column("score", Integer),
    Index(None, "learner", "finished_at"),
)

answers = Table(
    "answers",
    metadata,
    Column("learner", String(ID), primary_key=True),
    Column("attempt", String(32), ForeignKey("attempts.id"), primary_key=True),
    Column("question", String(QUESTION), primary_key=True),
    Column("choice", Integer, nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("answered_at", UtcDateTime, nullable=False),
)

cards = Table(
    "cards",
    metadata,
    Column("learner", String(ID), primary_key=True),
    Column("question", String(QUESTION), primary_key=True),
    Column("memory", Text, nullable=False),
    Column("due", UtcDateTime, nullable=False),
    Column("last_correct", Boolean, nullable=False),
    Column("reviews", Integer, nullable=False),
    Column("lapses", Integer, nullable=False),
    Column("last_at", UtcDateTime, nullable=False),
)

review_slots = Table(
    "review_slots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("learner", String(ID), nullable=False),
    Column("due_at", UtcDateTime, nullable=False),
    Column("claimed_at", UtcDateTime),
    Column("closed_at", UtcDateTime),
    Column("status", String(8)),
    Column("tries", Integer, nullable=False, server_default="0"),  # failed sends so far
    UniqueConstraint("learner", "due_at"),
    Index(None, "claimed_at", "due_at"),
)

# Slack replies that met an error, kept until they are delivered (bot/store/outbox.py).
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("learner", String(ID), nullable=False),
    Column("method", String(40), nullable=False),  # a Slack Web API method, e.g. chat.update
    Column("args", Text, nullable=False),  # JSON: the call's arguments
    Column("created_at", UtcDateTime, nullable=False),
    Column("due_at", UtcDateTime, nullable=False),
    Column("tries", Integer, nullable=False),
    Column("state", String(8), nullable=False),  # pending | held (gave up; for the next visit)
    Column("last_error", String(200)),
    Column("claimed_until", UtcDateTime),
    Index("ix_outbox_state_due_at", "state", "due_at"),
    Index("ix_outbox_learner", "learner"),
)

# Progress messages ("Creating the container…") a live process is still to finish
# (bot/store/marks.py); one left by a killed process is finished at the next start-up.
progress_marks = Table(
    "progress_marks",
    metadata,
    Column("channel", String(ID), primary_key=True),
    Column("ts", String(32), primary_key=True),
    Column("learner", String(ID), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("instance", String(200), nullable=False),  # host:pid:start-time of its process
    Column("created_at", UtcDateTime, nullable=False),
)

# Questions the lessons did not answer well, for their authors (bot/store/asked.py).
asked_questions = Table(
    "asked_questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("learner", String(16), nullable=False),  # hashed: bot/core/answer/asked.py
    Column("question", Text, nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("entry", String(2 * QUESTION + 1)),
    Column("at", UtcDateTime, nullable=False),
    Index(None, "outcome"),
)

# What several replicas share (bot/store/shared.py, replicas.py, slots.py): with one
# replica each is also kept in memory, with several the database is the one truth.

# Slack event ids handled once: a retried event is dropped by whichever replica gets it.
seen_events = Table(
    "seen_events",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("seen_at", UtcDateTime, nullable=False),
    Index(None, "seen_at"),
)

# Replies behind *Show all*, *Share in channel* and *Picture*: any replica gets the click.
kept_listings = Table(
    "kept_listings",
    metadata,
    Column("channel", String(ID), primary_key=True),
    Column("ts", String(32), primary_key=True),
    Column("message", Text, nullable=False),  # JSON: text, blocks, full listing
    Column("kept_at", UtcDateTime, nullable=False),
    Index(None, "kept_at"),
)

# Channel threads the tutor answered in: follow-ups there need no mention, on any replica.
followed_threads = Table(
    "followed_threads",
    metadata,
    Column("channel", String(ID), primary_key=True),
    Column("thread_ts", String(32), primary_key=True),
    Column("since", UtcDateTime, nullable=False),
)

# Each serving replica, the Docker engine it serves, and when it last said it was alive.
replicas = Table(
    "replicas",
    metadata,
    Column("id", String(200), primary_key=True),  # host:pid:start-time of its process
    Column("engine", String(200), nullable=False),
    Column("beat_at", UtcDateTime, nullable=False),
)

# The replica that runs a learner's engine commands (on the engine that holds their demo).
learner_homes = Table(
    "learner_homes",
    metadata,
    Column("learner", String(ID), primary_key=True),
    Column("replica", String(200), nullable=False),
    Column("engine", String(200), nullable=False),
    Index(None, "replica"),
)

# Engine commands on their way to the learner's home replica, in the order they came.
routed_commands = Table(
    "routed_commands",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("replica", String(200), nullable=False),  # the home it is for
    Column("learner", String(ID), nullable=False),
    Column("command", Text, nullable=False),  # JSON: verb, argument, about
    Column("origin_channel", String(ID), nullable=False),
    Column("state", String(8), nullable=False),  # queued | running
    Column("tries", Integer, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Index(None, "replica", "state", "id"),
)

# One row per live demo slot (a learner's demo, or a warm container): the global cap.
slot_claims = Table(
    "slot_claims",
    metadata,
    Column("cap", String(16), primary_key=True),  # demo | vm
    Column("key", String(ID), primary_key=True),
    Column("replica", String(200), nullable=False),
    Column("engine", String(200), nullable=False),
    Column("since", UtcDateTime, nullable=False),
)
