"""What the stand-in remembers of each request, and how a test waits for one.

Every Web API call, response-URL post and upload is kept as an `ApiCall`, in order, under
one re-entrant lock whose condition wakes `wait_for` whenever something is recorded.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

RESPONSE_URL = "response_url"  # pseudo-method name of response_url posts in calls()
UPLOAD = "upload"  # pseudo-method name of upload-URL posts in calls()


@dataclass(frozen=True)
class ApiCall:
    """One recorded request: a Web API method, a response_url post or an upload.

    ``args`` holds the parsed arguments (query, form or JSON; ``blocks``, ``view``,
    ``attachments``, ``files`` and ``metadata`` decoded from JSON strings) without the
    token. ``at`` is ``time.time()`` on arrival.
    """

    method: str
    args: dict[str, Any]
    at: float
    status: int = 200
    ok: bool = True
    error: str | None = None
    warnings: tuple[str, ...] = ()
    response: dict[str, Any] = field(default_factory=dict)


class CallLog:
    """The recorded calls and the warnings Slack would have given, oldest first."""

    def __init__(self) -> None:
        self.cond = threading.Condition(threading.RLock())
        self._calls: list[ApiCall] = []
        self._warnings: list[str] = []

    def record(
        self,
        method: str,
        args: dict[str, Any],
        *,
        status: int = 200,
        error: str | None = None,
        warnings: tuple[str, ...] = (),
        response: dict[str, Any] | None = None,
    ) -> None:
        call = ApiCall(
            method=method,
            args=args,
            at=time.time(),
            status=status,
            ok=error is None,
            error=error,
            warnings=warnings,
            response=response or {},
        )
        with self.cond:
            self._calls.append(call)
            self._warnings.extend(f"{method}: {w}" for w in warnings)
            self.cond.notify_all()

    def calls(self, method: str | None = None) -> list[ApiCall]:
        with self.cond:
            return [c for c in self._calls if method is None or c.method == method]

    def warnings(self) -> list[str]:
        with self.cond:
            return list(self._warnings)

    def clear(self) -> None:
        with self.cond:
            self._calls.clear()
            self._warnings.clear()

    def wait_for(self, predicate: Callable[[list[ApiCall]], T], timeout: float) -> T:
        """Block until ``predicate(recorded calls)`` is truthy and return its value."""
        with self.cond:
            result = self.cond.wait_for(lambda: predicate(list(self._calls)), timeout)
            if not result:
                seen = ", ".join(f"{c.method}({c.error or 'ok'})" for c in self._calls)
                raise TimeoutError(f"condition not met in {timeout}s; calls: [{seen}]")
            return result
