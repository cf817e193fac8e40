"""When the engine is down or an image is missing, the learner gets one clear sentence."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.core.demo.ports import SandboxError
from bot.sandbox import recipes
from bot.sandbox.runner import DockerSandbox
from bot.wiring import course_from

ROOT = Path(__file__).resolve().parents[2]


def test_docker_down_is_one_clear_line() -> None:
    env = {**os.environ, "DOCKER_HOST": "unix:///nonexistent/docker.sock"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "nginx"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    said = " ".join(result.stderr.split())
    assert result.returncode == 1
    assert "The Docker engine at unix:///nonexistent/docker.sock is not answering" in said
    assert "no engine is running there" in said
    assert "Traceback" not in result.stderr + result.stdout


def test_an_unknown_demo_is_named_and_nothing_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "postgres;rm -rf /"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "There is no demo called 'postgres;rm -rf /'" in result.stderr


@pytest.mark.usefixtures("leftovers")
def test_a_missing_image_says_how_to_build_it(engine: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = dataclasses.replace(recipes.RECIPES["busybox"], version="never-built")
    monkeypatch.setitem(recipes.RECIPES, "busybox", missing)
    demo = course_from(Settings()).demo("busybox")
    assert demo is not None
    with pytest.raises(SandboxError, match="container-tutor images build"):
        DockerSandbox(engine).start(demo, owner="U1", ttl_seconds=60)
