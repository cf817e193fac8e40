"""`container-tutor ask` takes any text as the question, also text that starts with a dash."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", "--json", "-it vs exec?"],
        ["ask", "-it vs exec?", "--json"],
        ["ask", "--json", "--", "-it vs exec?"],
        ["ask", "--json", "-it", "vs", "exec?"],
    ],
)
def test_a_question_starting_with_a_dash_is_asked_not_parsed(argv: list[str]) -> None:
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["lesson"] == "containers-and-vms"
    assert answer["section"] == "review-shell-in-container"


def test_the_installed_command_asks_a_dashed_question_in_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "-it vs exec?"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "No such option" not in done.stderr
    assert json.loads(done.stdout)["section"] == "review-shell-in-container"


def test_an_empty_question_is_still_refused() -> None:
    assert CliRunner().invoke(app, ["ask", ""]).exit_code == 2
    assert CliRunner().invoke(app, ["ask"]).exit_code == 2
