"""Every demo is checked against the sandbox policy after create and before start.

This holds wherever the bot runs: on the host, or in its own container with the Docker
socket mounted (docs/deploy.md), because `DockerSandbox.start` is the only place a demo
is created. Here its config is weakened the way a careless edit could weaken it, and the
engine's own event log shows the container was created, refused and never started.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from bot.config import Settings
from bot.core.demo.ports import SandboxError
from bot.sandbox import runner
from bot.sandbox.runner import DockerSandbox
from bot.wiring import course_from

pytestmark = pytest.mark.usefixtures("images", "leftovers")
Change = Callable[[dict[str, Any]], dict[str, Any]]
SOCKET = "/var/run/docker.sock"

WEAKENED: dict[str, tuple[Change, str]] = {
    "the Docker socket mounted": (
        lambda config: config | {"volumes": {SOCKET: {"bind": SOCKET, "mode": "rw"}}},
        "the Docker socket must never reach a demo",
    ),
    "privileged": (lambda config: config | {"privileged": True}, "must not be privileged"),
    "the host's PIDs": (lambda config: config | {"pid_mode": "host"}, "PidMode must not be host"),
    "a network": (lambda config: config | {"network_mode": "bridge"}, "network must be none"),
}


@pytest.mark.parametrize("weakness", sorted(WEAKENED))
def test_a_weakened_demo_is_refused_and_never_started(
    engine: Any, monkeypatch: pytest.MonkeyPatch, weakness: str
) -> None:
    change, reason = WEAKENED[weakness]
    honest = runner.hardened_config
    monkeypatch.setattr(runner, "hardened_config", lambda *a, **k: change(honest(*a, **k)))
    demo = course_from(Settings()).demo("busybox")
    assert demo is not None
    owner = f"policy-gate-{uuid.uuid4().hex[:8]}"
    since = int(time.time()) - 1

    with pytest.raises(SandboxError, match="Refused to start") as refused:
        DockerSandbox(engine).start(demo, owner=owner, ttl_seconds=60)

    assert reason in str(refused.value)
    assert not engine.containers.list(
        all=True, filters={"label": [f"{runner.LABEL_OWNER}={owner}"]}
    )
    events = engine.events(
        since=since,
        until=int(time.time()) + 1,
        filters={"type": "container", "label": [f"{runner.LABEL_OWNER}={owner}"]},
        decode=True,
    )
    actions = [event["Action"] for event in events]
    assert "create" in actions and "destroy" in actions
    assert "start" not in actions
