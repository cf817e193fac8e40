"""The deployment files agree with the code: every setting documented, compose as described."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import DEFAULT_LESSONS_DIR, Settings

ROOT = Path(__file__).resolve().parents[2]
ENV_LINE = re.compile(r"^#?\s?([A-Z][A-Z0-9_]*)=", re.M)


def documented() -> set[str]:
    return set(ENV_LINE.findall((ROOT / ".env.example").read_text()))


def compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_env_example_lists_every_setting() -> None:
    missing = {name.upper() for name in Settings.model_fields} - documented()
    assert not missing, f"add these to .env.example: {sorted(missing)}"


def test_env_example_holds_placeholders_only() -> None:
    text = (ROOT / ".env.example").read_text()
    tokens = re.findall(r"\b(xox[abposr]-[\w-]+|xapp-[\w-]+)", text)
    assert tokens and all("your" in token for token in tokens)


def test_every_variable_compose_reads_is_documented() -> None:
    text = (ROOT / "compose.yaml").read_text()
    used = set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", text))
    assert used, "compose.yaml reads no variables: the pattern is stale"
    assert used <= documented(), f"document in .env.example: {sorted(used - documented())}"


def test_the_bot_service_is_the_documented_deployment() -> None:
    bot = compose()["services"]["bot"]
    assert bot["pid"] == "host"
    assert any(volume.endswith(":/var/run/docker.sock") for volume in bot["volumes"])
    assert bot["command"] == ["container-tutor", "serve"]
    assert bot["read_only"] is True
    assert bot["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in bot["security_opt"]
    assert "user" not in bot, "the image's non-root user must stay in force"


def test_postgres_is_optional() -> None:
    services = compose()["services"]
    assert services["postgres"]["profiles"] == ["postgres"]
    assert "profiles" not in services["bot"]
    assert "depends_on" not in services["bot"], "the bot must start without the profile"


def test_an_empty_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compose passes `SLACK_APP_TOKEN=` for an unset variable: that must not mean Socket Mode."""
    monkeypatch.setenv("SLACK_APP_TOKEN", "")
    monkeypatch.setenv("LESSONS_DIR", "")
    settings = Settings()
    assert settings.slack_app_token is None
    assert settings.lessons_dir == DEFAULT_LESSONS_DIR


def _locked(name: str) -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==([^ \\\n]+)", (ROOT / name).read_text(), re.M)
    return {package.lower().replace("_", "-"): version for package, version in pins}


def _wanted(extras: tuple[str, ...]) -> set[str]:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for extra in extras:
        specs += project["optional-dependencies"][extra]
    return {
        re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in specs
    }


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements.lock", ("postgres",)), ("requirements-dev.lock", ("postgres", "dev"))],
)
def test_the_lock_files_pin_every_dependency_with_hashes(
    lock: str, extras: tuple[str, ...]
) -> None:
    locked = _locked(lock)
    missing = _wanted(extras) - set(locked)
    assert not missing, f"run ./scripts/lock: {lock} lacks {sorted(missing)}"
    text = (ROOT / lock).read_text()
    hashed = re.findall(r"^[A-Za-z0-9_.-]+==\S+ \\\n\s+--hash=sha256:[0-9a-f]{64}", text, re.M)
    assert len(hashed) == len(locked), "every pinned package carries its hashes"
    assert "/opt/" not in text and "find-links" not in text.split("\n", 8)[-1]


def test_the_dev_lock_agrees_with_the_runtime_lock() -> None:
    runtime, dev = _locked("requirements.lock"), _locked("requirements-dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime
