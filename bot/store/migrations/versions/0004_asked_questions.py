"""Questions the lessons did not answer well: declined, not helpful, or "did you mean" picks.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "asked_questions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("learner", sa.String(16), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("entry", sa.String(97)),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_asked_questions"),
    )
    op.create_index("ix_asked_questions_outcome", "asked_questions", ["outcome"])


def downgrade() -> None:
    op.drop_index("ix_asked_questions_outcome", table_name="asked_questions")
    op.drop_table("asked_questions")
