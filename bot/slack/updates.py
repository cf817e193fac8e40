"""Edits one message in place without breaking Slack's rate tiers.

`chat.update` is a Tier 3 method (about 50 a minute per workspace), and a demo used to
edit its message three times in two seconds. Here edits are merged: at most one a
second per message, a newer edit replaces one not yet sent, the final edit replaces a
pending progress edit (so the redundant one before the last is never sent), and a 429's
Retry-After pauses this message's edits for as long as Slack asked.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.slack.delivery import retry_after

log = logging.getLogger(__name__)
MIN_GAP_SECONDS = 1.0

Send = Callable[[dict[str, Any]], Awaitable[object]]


class Updates:
    """One message's edits: progress edits merged, the final one always sent last."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        *,
        progress: Send,
        final: Send,
        shown: dict[str, Any] | None = None,
        gap: float = MIN_GAP_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._loop = loop
        self._progress = progress
        self._final = final
        self._gap = gap
        self._clock = clock
        self._pending: dict[str, Any] | None = None
        self._shown = shown
        self._final_payload: dict[str, Any] | None = None
        self._not_before = clock()
        self._sender: asyncio.Task[None] | None = None
        self.sent = 0

    def push(self, payload: dict[str, Any]) -> None:
        """A progress edit from any thread; it may be merged into a later one."""
        self._loop.call_soon_threadsafe(self.show, payload)

    def show(self, payload: dict[str, Any]) -> None:
        """A progress edit from the event loop."""
        if self._final_payload is not None:
            return
        if payload == self._shown:
            self._pending = None  # an edit to what is already shown would be wasted
            return
        self._pending = payload
        self._wake()

    async def final(self, payload: dict[str, Any]) -> None:
        """The last edit: replaces any pending one, sent once the gap allows."""
        await asyncio.sleep(0)  # let progress edits pushed from threads arrive first
        self._pending = None
        self._final_payload = payload
        self._wake()
        assert self._sender is not None
        await asyncio.shield(self._sender)

    def _wake(self) -> None:
        if self._sender is None or self._sender.done():
            self._sender = self._loop.create_task(self._send_all())

    async def _send_all(self) -> None:
        while self._pending is not None or self._final_payload is not None:
            wait = self._not_before - self._clock()
            if wait > 0:
                await asyncio.sleep(wait)
                continue  # a newer edit may have come meanwhile
            if self._final_payload is not None:
                payload, self._final_payload, self._pending = self._final_payload, None, None
                await self._final(payload)
                self.sent += 1
                return
            assert self._pending is not None
            payload, self._pending = self._pending, None
            self._not_before = self._clock() + self._gap
            self._shown = payload
            try:
                await self._progress(payload)
                self.sent += 1
            except SlackApiError as error:
                paused = retry_after(error)
                if paused:
                    self._not_before = max(self._not_before, self._clock() + paused)
                log.info("a progress edit was not shown: %s", error.response.get("error"))
