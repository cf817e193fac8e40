"""Alembic migrations of the progress store (run by `container-tutor db upgrade`)."""
