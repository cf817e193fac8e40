"""The command line itself: its version, and tracebacks that never show local variables."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app, images_app, lessons_app
from bot.db_cli import db_app

ROOT = Path(__file__).resolve().parents[2]


def test_version_prints_the_installed_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == f"container-tutor {version('container-tutor')}"


def test_version_needs_no_engine_nor_settings() -> None:
    result = CliRunner().invoke(app, ["--version"], env={"DEMO_MAX_LIVE": "not a number"})
    assert result.exit_code == 0 and "container-tutor" in result.output


def test_no_typer_app_shows_locals_in_a_traceback() -> None:
    # a local variable may hold a token or a database URL with its password
    for typer_app in (app, lessons_app, images_app, db_app):
        assert typer_app.pretty_exceptions_show_locals is False
