"""Replies that reach the learner even when Slack errs: sent now, or kept and sent later.

The Web API client already retries a 429 or a 5xx a few times within seconds. An error that
outlasts those retries (Slack down for a minute, a long rate limit) used to lose the reply.
Here such a call goes to the durable outbox, a background task retries it with backoff,
honouring Retry-After, for at least `window` (two and a half minutes by default), and one
that still fails is held and delivered when the learner next talks to the tutor. An error
that no retry can fix (a bad channel, a revoked token) is logged and dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.store.outbox import OutboxItem, SqlOutbox

log = logging.getLogger(__name__)
WINDOW = timedelta(seconds=150)
LEASE = timedelta(seconds=60)
MAX_BACKOFF_SECONDS = 30.0
POLL_SECONDS = 1.0

Now = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


def retry_after(error: BaseException) -> float | None:
    """Seconds Slack asked us to wait, or None when the error is not worth retrying."""
    if isinstance(error, aiohttp.ClientError | asyncio.TimeoutError | ConnectionError):
        return 0.0
    if isinstance(error, SlackApiError):
        status = error.response.status_code
        if status == 429:
            header = error.response.headers.get("Retry-After") or error.response.headers.get(
                "retry-after"
            )
            try:
                return max(0.0, float(header)) if header is not None else 1.0
            except ValueError:
                return 1.0
        if status >= 500 or error.response.get("error") in {"internal_error", "fatal_error"}:
            return 0.0
    return None


def backoff(tries: int) -> float:
    return float(min(MAX_BACKOFF_SECONDS, 2**tries))


class Delivery:
    """Sends Web API calls for learners, through the outbox when Slack errs."""

    def __init__(
        self,
        client: AsyncWebClient,
        outbox: SqlOutbox | None,
        *,
        now: Now = utcnow,
        window: timedelta = WINDOW,
        on_kept: Callable[[str], None] | None = None,
    ) -> None:
        self._client = client
        self._outbox = outbox
        self._now = now
        self._window = window
        self._on_kept = on_kept

    async def call(self, learner: str, method: str, **args: Any) -> dict[str, Any] | None:
        """The call's answer, or None when it was kept for later (or could never succeed)."""
        try:
            response = await self._client.api_call(method, json=args)
        except (TimeoutError, SlackApiError, aiohttp.ClientError, ConnectionError) as error:
            await self._keep(learner, method, args, error)
            return None
        return dict(response.data) if isinstance(response.data, dict) else {}

    async def run(self, stop: asyncio.Event) -> None:
        """Retry what is due until `stop` is set; one failing call never stops the loop."""
        while not stop.is_set():
            try:
                await self.retry_due()
            except Exception as error:  # the database may be away for a moment
                log.warning("outbox: could not retry kept replies: %s", type(error).__name__)
            try:
                await asyncio.wait_for(stop.wait(), POLL_SECONDS)
            except TimeoutError:
                pass

    async def retry_due(self) -> int:
        """Send every due kept reply once; return how many went out."""
        if self._outbox is None:
            return 0
        items = await asyncio.to_thread(self._outbox.claim_due, now=self._now(), lease=LEASE)
        sent = 0
        for item in items:
            sent += await self._retry(item, giving_up_after=self._window)
        return sent

    async def deliver_held(self, learner: str) -> int:
        """On the learner's next interaction: send what was held for them."""
        if self._outbox is None:
            return 0
        held = await asyncio.to_thread(self._outbox.held_for, learner)
        sent = 0
        for item in held:
            sent += await self._retry(item, giving_up_after=None)
        return sent

    async def _retry(self, item: OutboxItem, *, giving_up_after: timedelta | None) -> int:
        assert self._outbox is not None
        outbox = self._outbox
        try:
            await self._client.api_call(item.method, json=item.args)
        except (TimeoutError, SlackApiError, aiohttp.ClientError, ConnectionError) as error:
            wait = retry_after(error)
            reason = _reason(error)
            now = self._now()
            if wait is None or giving_up_after is None or now - item.created_at >= giving_up_after:
                log.warning(
                    "outbox: %s for learner %s not delivered (%s); held for their next visit",
                    item.method,
                    item.learner,
                    reason,
                )
                await _in_thread(outbox.hold, item.id, error=reason)
            else:
                due = now + timedelta(seconds=max(wait, backoff(item.tries)))
                await _in_thread(outbox.retry, item.id, error=reason, due_at=due)
            return 0
        await _in_thread(outbox.delivered, item.id)
        return 1

    async def _keep(
        self, learner: str, method: str, args: dict[str, Any], error: BaseException
    ) -> None:
        reason = _reason(error)
        if retry_after(error) is None or self._outbox is None:
            log.warning("slack: %s for learner %s failed (%s)", method, learner, reason)
            return
        outbox = self._outbox
        try:
            await asyncio.to_thread(
                outbox.add, learner=learner, method=method, args=args, now=self._now()
            )
        except Exception as store_error:
            log.error(
                "slack: %s for learner %s failed (%s) and could not be kept (%s)",
                method,
                learner,
                reason,
                type(store_error).__name__,
            )
            return
        log.info("slack: %s for learner %s kept for a retry (%s)", method, learner, reason)
        if self._on_kept is not None:
            self._on_kept(method)


def _reason(error: BaseException) -> str:
    if isinstance(error, SlackApiError):
        return f"{error.response.status_code} {error.response.get('error', '')}".strip()
    return type(error).__name__


async def _in_thread(function: Callable[..., None], *args: Any, **kwargs: Any) -> None:
    call: Awaitable[None] = asyncio.to_thread(function, *args, **kwargs)
    await call
