"""Open a database for the progress store: SQLite tuned for safe concurrent use, or any URL.

SQLite gets WAL (readers never wait for the writer), a busy timeout (writers queue rather
than fail), `synchronous=FULL` (a committed answer survives even a power cut, not only
kill -9) and `BEGIN IMMEDIATE` (a transaction takes the write lock when it starts, so two
writers can never deadlock upgrading a read lock).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

BUSY_TIMEOUT_MS = 10_000


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # unparsable: say nothing of what it contained
        return "(unreadable DATABASE_URL)"


def driver_hint(url: str, error: ImportError) -> str:
    """One line for a database URL whose driver is not installed, instead of a traceback."""
    backend = make_url(url).get_backend_name()
    missing = error.name or "its driver"
    if backend == "postgresql":
        return (
            f"the PostgreSQL driver ({missing}) is not installed: "
            "pip install 'container-tutor[postgres]'"
        )
    return f"the driver for {backend} ({missing}) is not installed"


def make_engine(url: str | URL) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")
