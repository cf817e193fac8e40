"""An unreachable engine is named, with the cause an operator can act on."""

from __future__ import annotations

import errno

import pytest
import requests
import urllib3

from bot.core.grammar import parse
from bot.sandbox.engine_errors import unreachable, unreachable_cause


def _as_docker_py_raises(cause: OSError) -> requests.exceptions.ConnectionError:
    """The shape docker-py's unix-socket adapter gives: requests → urllib3 → the OSError."""
    return requests.exceptions.ConnectionError(
        urllib3.exceptions.ProtocolError("Connection aborted.", cause)
    )


def test_permission_denied_is_told_apart_from_not_running() -> None:
    denied = _as_docker_py_raises(PermissionError(errno.EACCES, "Permission denied"))
    missing = _as_docker_py_raises(FileNotFoundError(errno.ENOENT, "No such file or directory"))
    refused = _as_docker_py_raises(ConnectionRefusedError(errno.ECONNREFUSED, "refused"))
    assert unreachable_cause(denied).startswith("permission denied")
    assert unreachable_cause(missing).startswith("no engine is running there")
    assert unreachable_cause(refused).startswith("no engine is running there")


def test_the_message_names_the_engine_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "tcp://10.9.8.7:2375")
    error = unreachable(_as_docker_py_raises(ConnectionRefusedError(errno.ECONNREFUSED, "x")))
    assert "The Docker engine at tcp://10.9.8.7:2375 is not answering" in str(error)


def test_without_docker_host_the_local_socket_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCKER_HOST", raising=False)
    error = unreachable(_as_docker_py_raises(PermissionError(errno.EACCES, "denied")))
    assert "unix:///var/run/docker.sock is not answering: permission denied" in str(error)


@pytest.mark.parametrize(
    ("cause", "zh"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "權限不足"),
        (FileNotFoundError(errno.ENOENT, "No such file or directory"), "沒有通訊端"),
        (ConnectionRefusedError(errno.ECONNREFUSED, "refused"), "連線被拒絕"),
    ],
)
def test_a_chinese_learner_reads_the_engine_failure_in_chinese(
    monkeypatch: pytest.MonkeyPatch, cause: OSError, zh: str
) -> None:
    from bot.core.replies import Notice
    from testkit.fakes import FakeSandbox, fake_tutor

    monkeypatch.setenv("DOCKER_HOST", "tcp://engine.example:2375")
    error = unreachable(_as_docker_py_raises(cause))

    class Down(FakeSandbox):
        def start(self, *args: object, **kwargs: object) -> object:
            raise error

    reply = fake_tutor(sandbox=Down()).handle("u", parse("run"), lang="zh")
    assert isinstance(reply, Notice) and reply.error
    assert reply.text.startswith("位於 tcp://engine.example:2375 的 Docker 引擎沒有回應：")
    assert zh in reply.text
    assert str(error).startswith("The Docker engine at tcp://engine.example:2375")  # logs, CLI


def _sandbox_errors_raised() -> list[tuple[str, int, str | None]]:
    """Every `SandboxError(...)` the bot builds, with the catalogue key it names (or None)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[3] / "bot"
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "SandboxError"
            ):
                given = next((k.value for k in node.keywords if k.arg == "key"), None)
                key = None if given is None else "(computed)"
                if isinstance(given, ast.Constant):
                    key = str(given.value)
                found.append((str(path.relative_to(root)), node.lineno, key))
    return found


def test_every_engine_failure_a_learner_can_see_is_in_the_catalogue_in_both_languages() -> None:
    from bot.core.messages import MESSAGES

    raised = _sandbox_errors_raised()
    assert len(raised) >= 10  # the check sees the sandbox's errors
    unkeyed = [(where, line) for where, line, key in raised if key is None]
    assert unkeyed == [], "give each SandboxError a catalogue key, so zh learners read zh"
    for _where, _line, key in raised:
        if key != "(computed)":  # e.g. engine_down_{cause}: one key per cause, tested above
            assert key in MESSAGES and set(MESSAGES[key]) == {"en", "zh"}, key
