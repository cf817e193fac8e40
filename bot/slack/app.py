"""Build the Bolt app: a Web API client that retries, signature checks always on."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.picture.ports import Painter
from bot.core.tutor import Tutor
from bot.slack.delivery import Delivery
from bot.slack.listeners import register_listeners
from bot.slack.marks import ProgressMarks
from bot.slack.session import Session
from bot.store.outbox import SqlOutbox

log = logging.getLogger(__name__)


def web_client(*, token: str, base_url: str) -> AsyncWebClient:
    """Retries 429 (honouring Retry-After), 5xx and dropped connections."""
    client = AsyncWebClient(token=token, base_url=base_url, timeout=15)
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
) -> tuple[AsyncApp, Session]:
    """The app and its session; replies go through `outbox` when Slack errs."""
    client = web_client(token=token, base_url=base_url)
    session = Session.of(tutor, delivery=Delivery(client, outbox), marks=marks)
    app = AsyncApp(
        client=client,
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

    if painter is None:
        from bot.pictures.painter import CairoPainter

        painter = CairoPainter()
        painter.prepare()  # at start-up, not on the first click
    register_listeners(app, session, painter)
    return app, session
