"""`questions report` on a real SQLite file: grouped, counted, learner text shown as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.store.sql import SqlProgressStore
from bot.wiring import question_log


def test_the_report_groups_questions_and_prints_learner_text_as_plain_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'tutor.db'}"
    store = SqlProgressStore(url)
    log = question_log(store)
    log.record("U1", "How do I write a Dockerfile?", "declined", None)
    log.record("U2", "how do i write a dockerfile", "declined", None)
    log.record("U2", "[bold]docker pause[/bold]?", "not_helpful", "faq-stop-takes-10s")
    store.close()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("COLUMNS", "200")
    result = CliRunner().invoke(app, ["questions", "report"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    first = next(line for line in lines if "How do I write a" in line)
    assert first.startswith("│ 2 ") and "declined 2" in first
    assert "[bold]docker pause[/bold]?" in result.output
    assert "faq-stop-takes-10s" in result.output
