"""`container-tutor db …`: the progress database named by DATABASE_URL.

`serve` and `console` migrate it at start-up too; `db upgrade` lets an operator do it
first (for example once, before starting several replicas).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console

from bot.config import SettingsError, load_settings
from bot.core.quiz.ports import StoreError

if TYPE_CHECKING:
    from bot.store.sql import SqlProgressStore

db_app = typer.Typer(
    no_args_is_help=True,
    help="The progress database (DATABASE_URL).",
    pretty_exceptions_show_locals=False,
)
out = Console()
err = Console(stderr=True)


def open_store(store: SqlProgressStore) -> str | None:
    """Connect and migrate now, or stop with one line that hides any password."""
    try:
        return store.open()
    except StoreError as error:
        err.print(
            f"progress database: cannot open {store.describe()} ({error}); check DATABASE_URL",
            style="red",
            highlight=False,
            markup=False,
        )
        raise typer.Exit(2) from None


def _store() -> SqlProgressStore:
    from bot.store.sql import SqlProgressStore

    try:
        return SqlProgressStore(load_settings().database_url)
    except SettingsError as error:
        err.print(f"configuration: {error}", style="red", highlight=False, markup=False)
        raise typer.Exit(2) from None


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the progress database or migrate it to the newest schema."""
    store = _store()
    try:
        revision = open_store(store)
    finally:
        store.close()
    out.print(f"{store.describe()}: schema at revision {revision}", highlight=False)


@db_app.command("url")
def db_url() -> None:
    """Print DATABASE_URL as the tutor reads it, password hidden."""
    out.print(_store().describe(), highlight=False)
