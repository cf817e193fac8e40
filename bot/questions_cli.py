"""`container-tutor questions report`: what learners asked that the lessons did not answer.

For lesson authors: declined questions, answers marked *Not helpful* and "did you mean"
picks, grouped (the same question asked again counts once more), most asked first, each
with the closest entry. Read from the progress database named by DATABASE_URL.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot.core.answer.asked import ReportRow
from bot.db_cli import open_store

questions_app = typer.Typer(
    no_args_is_help=True,
    help="What learners asked (for authors).",
    pretty_exceptions_show_locals=False,
)
out = Console()


@questions_app.command("report")
def report(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON list.")] = False,
) -> None:
    """List what learners asked that the lessons did not answer, grouped and counted."""
    from bot.config import load_settings
    from bot.store.sql import SqlProgressStore
    from bot.wiring import question_log

    store = SqlProgressStore(load_settings().database_url)
    open_store(store)
    try:
        rows = question_log(store).report()
    finally:
        store.close()
    if as_json:
        print(json.dumps([_json(row) for row in rows], indent=2, ensure_ascii=False))
        return
    if not rows:
        out.print("No unanswered questions recorded yet.", highlight=False)
        return
    out.print(_table(rows))


def _json(row: ReportRow) -> dict[str, object]:
    return {
        "question": row.question,
        "count": row.count,
        "learners": row.learners,
        "outcomes": row.outcomes,
        "closest": row.closest,
    }


def _table(rows: list[ReportRow]) -> Table:
    table = Table("asked", "learners", "what happened", "closest entry", "question")
    for row in rows:
        happened = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(row.outcomes.items()))
        question = Text(row.question)  # learners' text, never read as rich markup
        table.add_row(str(row.count), str(row.learners), happened, row.closest or "—", question)
    return table
