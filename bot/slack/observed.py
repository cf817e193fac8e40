"""Where the Slack side's numbers are born: every Web API answer, and every ack.

`ApiObserver` sits first among the Web API client's retry handlers, so it sees every
answer of every attempt (Bolt copies the handlers into the client it makes per request):
it counts failed calls by method and error, and the attempts that were retries. It never
asks for a retry itself. `time_acks` times each request's dispatch; listeners only ack
and hand work on (`process_before_response`), so its span is the ack's.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.metrics import Metrics


def api_method(url: str) -> str:
    """`chat.update` from `https://slack.com/api/chat.update`."""
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or "unknown"


def error_of(response: HttpResponse | None, error: Exception | None) -> str | None:
    """Slack's error code, the HTTP status, or the exception's kind; None for a success."""
    if error is not None:
        return type(error).__name__
    if response is None:
        return None
    body = response.body if isinstance(response.body, dict) else {}
    if response.status_code >= 400:
        return str(body.get("error") or f"http_{response.status_code}")
    if body.get("ok") is False:
        return str(body.get("error") or "unknown")
    return None


class ApiObserver(AsyncRetryHandler):
    """Counts what each Web API attempt met; retrying is left to the handlers after it."""

    def __init__(self, metrics: Metrics) -> None:
        super().__init__(max_retry_count=0)
        self._metrics = metrics

    async def can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        method = api_method(request.url)
        if state.current_attempt > 0:
            self._metrics.slack_retries.labels(method=method).inc()
        failure = error_of(response, error)
        if failure is not None:
            self._metrics.slack_errors.labels(method=method, error=failure).inc()
        return False


def time_acks(app: AsyncApp, metrics: Metrics) -> None:
    """Time every request through `app.async_dispatch`, which HTTP and Socket Mode both
    call and which returns once the listener has acked (`process_before_response`).

    A Bolt middleware cannot do it: its `next()` only marks the chain to go on, and the
    listener runs after every middleware has returned.
    """
    dispatch = app.async_dispatch

    async def timed(req: AsyncBoltRequest) -> BoltResponse:
        started = time.perf_counter()
        try:
            return await dispatch(req)
        finally:
            metrics.ack_seconds.observe(time.perf_counter() - started)

    setattr(app, "async_dispatch", timed)  # noqa: B010 - the instance's own, for this app only
