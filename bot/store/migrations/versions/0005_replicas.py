"""What several replicas share: handled events, kept listings, followed threads, the
replicas and their learners, the commands routed between them, and the global slots.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ID = 64
REPLICA = 200


def upgrade() -> None:
    op.create_table(
        "seen_events",
        sa.Column("id", sa.String(ID), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_seen_events"),
    )
    op.create_index("ix_seen_events_seen_at", "seen_events", ["seen_at"])
    op.create_table(
        "kept_listings",
        sa.Column("channel", sa.String(ID), nullable=False),
        sa.Column("ts", sa.String(32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("kept_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("channel", "ts", name="pk_kept_listings"),
    )
    op.create_index("ix_kept_listings_kept_at", "kept_listings", ["kept_at"])
    op.create_table(
        "followed_threads",
        sa.Column("channel", sa.String(ID), nullable=False),
        sa.Column("thread_ts", sa.String(32), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("channel", "thread_ts", name="pk_followed_threads"),
    )
    op.create_table(
        "replicas",
        sa.Column("id", sa.String(REPLICA), nullable=False),
        sa.Column("engine", sa.String(REPLICA), nullable=False),
        sa.Column("beat_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_replicas"),
    )
    op.create_table(
        "learner_homes",
        sa.Column("learner", sa.String(ID), nullable=False),
        sa.Column("replica", sa.String(REPLICA), nullable=False),
        sa.Column("engine", sa.String(REPLICA), nullable=False),
        sa.PrimaryKeyConstraint("learner", name="pk_learner_homes"),
    )
    op.create_index("ix_learner_homes_replica", "learner_homes", ["replica"])
    op.create_table(
        "routed_commands",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("replica", sa.String(REPLICA), nullable=False),
        sa.Column("learner", sa.String(ID), nullable=False),
        sa.Column("command", sa.Text(), nullable=False),
        sa.Column("origin_channel", sa.String(ID), nullable=False),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_routed_commands"),
    )
    op.create_index(
        "ix_routed_commands_replica_state_id", "routed_commands", ["replica", "state", "id"]
    )
    op.create_table(
        "slot_claims",
        sa.Column("cap", sa.String(16), nullable=False),
        sa.Column("key", sa.String(ID), nullable=False),
        sa.Column("replica", sa.String(REPLICA), nullable=False),
        sa.Column("engine", sa.String(REPLICA), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("cap", "key", name="pk_slot_claims"),
    )


def downgrade() -> None:
    op.drop_table("slot_claims")
    op.drop_index("ix_routed_commands_replica_state_id", table_name="routed_commands")
    op.drop_table("routed_commands")
    op.drop_index("ix_learner_homes_replica", table_name="learner_homes")
    op.drop_table("learner_homes")
    op.drop_table("replicas")
    op.drop_table("followed_threads")
    op.drop_index("ix_kept_listings_kept_at", table_name="kept_listings")
    op.drop_table("kept_listings")
    op.drop_index("ix_seen_events_seen_at", table_name="seen_events")
    op.drop_table("seen_events")
