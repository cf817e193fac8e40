"""Removing a demo that someone else is already removing is not an error."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import docker.errors
import pytest
import requests

from bot.core.demo.ports import SandboxError
from bot.sandbox.runner import LABEL, DockerSandbox


def api_error(status: int, explanation: str) -> docker.errors.APIError:
    response = requests.Response()
    response.status_code = status
    return docker.errors.APIError("engine said no", response=response, explanation=explanation)


def engine_whose_remove_fails(error: Exception) -> Any:
    def remove(*, force: bool) -> None:
        raise error

    container = SimpleNamespace(labels={LABEL: "x"}, remove=remove)
    return SimpleNamespace(containers=SimpleNamespace(get=lambda _id: container))


def test_a_removal_already_in_progress_counts_as_removed() -> None:
    conflict = api_error(409, "removal of container abc is already in progress")
    DockerSandbox(engine_whose_remove_fails(conflict), instance="h:1:1").remove("abc")


def test_other_engine_refusals_are_reported() -> None:
    refused = api_error(500, "driver failed")
    with pytest.raises(SandboxError, match="driver failed"):
        DockerSandbox(engine_whose_remove_fails(refused), instance="h:1:1").remove("abc")
