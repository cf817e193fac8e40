"""Engine failures as one sentence that names the engine and the cause.

An operator reading "the engine is not answering" needs to know which engine (DOCKER_HOST,
or the local socket) and why: nothing listens there, the socket refuses this user, or it
answered with an error.
"""

from __future__ import annotations

import errno
import os
from typing import Literal

import docker
import requests

from bot.core.demo.ports import SandboxError

DEFAULT_ADDRESS = "unix:///var/run/docker.sock"


def engine_address() -> str:
    return os.environ.get("DOCKER_HOST") or DEFAULT_ADDRESS


Cause = Literal["permission", "no_socket", "refused", "other"]
CAUSES: dict[Cause, str] = {
    "permission": "permission denied (add this user to the docker group, or run as root)",
    "no_socket": "no engine is running there (no socket)",
    "refused": "no engine is running there (connection refused)",
    "other": "no engine is running there",
}
"""Why an engine could not be reached; the catalogue says each in the learner's language."""


def cause_of(error: BaseException) -> Cause | None:
    """Why an engine could not be reached, from the chain of causes under `error`."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, PermissionError) or getattr(seen, "errno", None) == errno.EACCES:
            return "permission"
        if isinstance(seen, FileNotFoundError) or getattr(seen, "errno", None) == errno.ENOENT:
            return "no_socket"
        if isinstance(seen, ConnectionRefusedError):
            return "refused"
        seen = seen.__cause__ or seen.__context__ or _first_arg_error(seen)
    text = str(error)
    if "Permission denied" in text:
        return "permission"
    if "No such file" in text or "Connection refused" in text:
        return "other"
    return None


def unreachable_cause(error: BaseException) -> str:
    cause = cause_of(error)
    return CAUSES[cause] if cause is not None else type(error).__name__


def unreachable(error: BaseException) -> SandboxError:
    cause = cause_of(error) or "other"
    return SandboxError(
        f"The Docker engine at {engine_address()} is not answering: {unreachable_cause(error)}. "
        "Start it (e.g. `dockerd`, or `systemctl start docker`) and try again.",
        key=f"engine_down_{cause}",
        address=engine_address(),
    )


def _first_arg_error(error: BaseException) -> BaseException | None:
    """requests and urllib3 keep the underlying error in args, not as a cause."""
    for arg in getattr(error, "args", ()):
        if isinstance(arg, BaseException):
            return arg
    reason = getattr(error, "reason", None)
    return reason if isinstance(reason, BaseException) else None


class engine_errors:  # noqa: N801 - used as a context manager, reads like a `with` clause
    """Turn engine failures into one friendly SandboxError."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _tb: object
    ) -> Literal[False]:
        if error is None or isinstance(error, SandboxError):
            return False
        if isinstance(error, requests.exceptions.ConnectionError):
            raise SandboxError(
                f"The Docker engine at {engine_address()} stopped answering "
                f"({unreachable_cause(error)}). Try again in a moment.",
                key=f"engine_stopped_{cause_of(error) or 'other'}",
                address=engine_address(),
            )
        if isinstance(error, docker.errors.NotFound):
            raise SandboxError(
                "That demo container is gone (expired or cleaned up).", key="engine_gone"
            )
        if isinstance(error, docker.errors.APIError):
            explanation = error.explanation or error
            raise SandboxError(
                f"The Docker engine refused: {explanation}",
                key="engine_refused",
                explanation=str(explanation),
            )
        return False
