"""The shape of the code, and settings that fail with one clear line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_the_core_imports_no_adapter_library() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_malformed_setting_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEMO_TTL_SECONDS", "forever")
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value).startswith("DEMO_TTL_SECONDS:")
    assert "\n" not in str(error.value)


def test_secrets_never_print(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "shh-signing")
    settings = load_settings()
    assert "very-secret" not in repr(settings) and "shh-signing" not in str(settings)
    assert settings.slack_bot_token is not None
    assert settings.slack_bot_token.get_secret_value() == "xoxb-very-secret"


def test_the_cli_reports_bad_settings_in_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "lessons", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"DEMO_MAX_LIVE": "0", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 2
    assert "DEMO_MAX_LIVE" in result.stderr
    assert "Traceback" not in result.stderr
