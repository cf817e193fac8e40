"""PostgreSQL's LISTEN/NOTIFY: a replica is woken the moment a command is queued for it,
instead of waiting for its next look at the queue (which stays, as the fallback)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)
CHANNEL = "container_tutor_routed"
RECONNECT_SECONDS = 2.0


def listens(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


async def listen(url: str, on_payload: Callable[[str], None]) -> None:
    """Call `on_payload` with each notification's payload until cancelled; a lost
    connection is opened again (the queue's own polling covers the gap)."""
    import psycopg  # only with PostgreSQL, where it is installed

    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    while True:
        try:
            connection = await psycopg.AsyncConnection.connect(dsn, autocommit=True)
            async with connection:
                await connection.execute(f"LISTEN {CHANNEL}")
                async for note in connection.notifies():
                    on_payload(note.payload)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # never the URL: it may hold a password
            log.warning("queue notifications lost (%s); listening again", type(error).__name__)
            await asyncio.sleep(RECONNECT_SECONDS)
