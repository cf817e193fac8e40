"""Progress: learners, quiz attempts, answers, spaced-review cards, daily review slots.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "learners",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("lang", sa.String(2)),
        sa.Column("locale_lang", sa.String(2)),
        sa.Column("tz", sa.String(64)),
        sa.Column("review_at", sa.String(5)),
        sa.PrimaryKeyConstraint("id", name="pk_learners"),
    )
    op.create_table(
        "attempts",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("learner", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("lesson", sa.String(48)),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime()),
        sa.Column("score", sa.Integer()),
        sa.PrimaryKeyConstraint("id", name="pk_attempts"),
    )
    op.create_index("ix_attempts_learner_finished_at", "attempts", ["learner", "finished_at"])
    op.create_table(
        "answers",
        sa.Column("learner", sa.String(64), nullable=False),
        sa.Column("attempt", sa.String(32), nullable=False),
        sa.Column("question", sa.String(48), nullable=False),
        sa.Column("choice", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["attempt"], ["attempts.id"], name="fk_answers_attempt_attempts"),
        sa.PrimaryKeyConstraint("learner", "attempt", "question", name="pk_answers"),
    )
    op.create_table(
        "cards",
        sa.Column("learner", sa.String(64), nullable=False),
        sa.Column("question", sa.String(48), nullable=False),
        sa.Column("memory", sa.Text(), nullable=False),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("last_correct", sa.Boolean(), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("learner", "question", name="pk_cards"),
    )
    op.create_table(
        "review_slots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("learner", sa.String(64), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_at", sa.DateTime()),
        sa.Column("closed_at", sa.DateTime()),
        sa.Column("status", sa.String(8)),
        sa.PrimaryKeyConstraint("id", name="pk_review_slots"),
        sa.UniqueConstraint("learner", "due_at", name="uq_review_slots_learner_due_at"),
    )
    op.create_index("ix_review_slots_claimed_at_due_at", "review_slots", ["claimed_at", "due_at"])


def downgrade() -> None:
    op.drop_table("review_slots")
    op.drop_table("cards")
    op.drop_table("answers")
    op.drop_index("ix_attempts_learner_finished_at", table_name="attempts")
    op.drop_table("attempts")
    op.drop_table("learners")
