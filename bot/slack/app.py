"""Build the Bolt app: a Web API client that retries and is counted, signature checks always
on, and requests authorized from the start-up token check."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.picture.ports import Painter
from bot.core.tutor import Tutor
from bot.metrics import Metrics
from bot.slack.delivery import Delivery
from bot.slack.listeners import register_listeners
from bot.slack.marks import ProgressMarks
from bot.slack.observed import ApiObserver, time_acks
from bot.slack.replicas import Sharing
from bot.slack.session import Session
from bot.slack.startup import TokenCheck, quiet_bolt_token_notes
from bot.slack.worker import Replied
from bot.store.outbox import SqlOutbox

log = logging.getLogger(__name__)


def web_client(*, token: str, base_url: str, metrics: Metrics | None = None) -> AsyncWebClient:
    """Retries 429 (honouring Retry-After), 5xx and dropped connections; with `metrics`,
    every attempt's answer is counted first."""
    client = AsyncWebClient(token=token, base_url=base_url, timeout=15)
    if metrics is not None:
        client.retry_handlers.insert(0, ApiObserver(metrics))
    client.retry_handlers.extend(
        [
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ]
    )
    if not any(isinstance(h, AsyncConnectionErrorRetryHandler) for h in client.retry_handlers):
        client.retry_handlers.append(AsyncConnectionErrorRetryHandler())
    return client


def build_app(
    *,
    tutor: Tutor,
    token: str,
    signing_secret: str | None,
    base_url: str,
    painter: Painter | None = None,
    outbox: SqlOutbox | None = None,
    marks: ProgressMarks | None = None,
    metrics: Metrics | None = None,
    token_check: TokenCheck | None = None,
    sharing: Sharing | None = None,
) -> tuple[AsyncApp, Session]:
    """The app and its session. Replies go through `outbox` when Slack errs; requests are
    authorized from one `auth.test` (`TokenCheck`), which `serve` makes before serving;
    without a check given, the first request makes it."""
    client = web_client(token=token, base_url=base_url, metrics=metrics)
    session = Session.of(
        tutor,
        delivery=Delivery(client, outbox),
        marks=marks,
        on_replied=_reply_timer(metrics) if metrics is not None else None,
        sharing=sharing,
    )
    token_check = token_check or TokenCheck()
    token_check.attach(client)
    quiet_bolt_token_notes()

    async def authorize() -> AuthorizeResult:  # Bolt reads a callable's argument names
        return await token_check.authorize()

    app = AsyncApp(
        client=client,
        authorize=authorize,
        signing_secret=signing_secret,
        request_verification_enabled=signing_secret is not None,
        # Listeners only ack and hand their work to `session.start`, so Bolt may answer as
        # soon as a listener returns, without a task and a 10 ms poll for the ack per request.
        process_before_response=True,
        raise_error_for_unhandled_request=False,
    )

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        kind = body.get("type") if isinstance(body, dict) else None
        log.error("a Slack request failed (%s): %s", kind, type(error).__name__, exc_info=error)

    if metrics is not None:
        time_acks(app, metrics)
    if painter is None:
        from bot.pictures.painter import CairoPainter

        painter = CairoPainter()
        painter.prepare()  # at start-up, not on the first click
    register_listeners(app, session, painter)
    return app, session


def _reply_timer(metrics: Metrics) -> Replied:
    def observe(verb: str, seconds: float) -> None:
        metrics.reply_seconds.labels(verb=verb).observe(seconds)

    return observe
