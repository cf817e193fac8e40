"""Slack's rate limits by method tier, for a stand-in that can be as strict as Slack.

Slack allows each method a number of calls a minute per workspace (its "tiers"), and
`chat.postMessage` about one message a second per channel, with short bursts tolerated.
Over the limit it answers HTTP 429 `ratelimited` with `Retry-After` in whole seconds. The
limits below are the published ones; a test may pass its own, smaller ones.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Mapping

TIER_1, TIER_2, TIER_3, TIER_4 = 1, 20, 50, 100
"""Calls a minute in each of Slack's tiers."""

PER_MINUTE: dict[str, int] = {
    "auth.test": TIER_4,
    "chat.update": TIER_3,
    "chat.delete": TIER_3,
    "chat.postEphemeral": TIER_4,
    "conversations.open": TIER_3,
    "users.info": TIER_4,
    "views.publish": TIER_4,
    "views.open": TIER_4,
    "files.getUploadURLExternal": TIER_4,
    "files.completeUploadExternal": TIER_4,
    "apps.connections.open": TIER_1,
}
POST_MESSAGE_PER_SECOND = 1
POST_MESSAGE_BURST = 5
"""chat.postMessage: one a second per channel, a burst of a few allowed."""
WINDOW_SECONDS = 60.0


class RateLimits:
    """Sliding windows of calls per method (and per channel for chat.postMessage)."""

    def __init__(
        self,
        per_minute: Mapping[str, int] | None = None,
        *,
        post_message_per_second: int = POST_MESSAGE_PER_SECOND,
        post_message_burst: int = POST_MESSAGE_BURST,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._per_minute = {**PER_MINUTE, **(per_minute or {})}
        self._post_rate = post_message_per_second
        self._post_burst = post_message_burst
        self._clock = clock
        self._calls: dict[tuple[str, str], deque[float]] = {}

    def retry_after(self, method: str, channel: str = "") -> int | None:
        """None when this call is allowed (and counted); else Slack's Retry-After."""
        if method == "chat.postMessage":
            limit = self._post_burst
            window = self._post_burst / self._post_rate
            key = (method, channel)
        elif method in self._per_minute:
            limit, window, key = self._per_minute[method], WINDOW_SECONDS, (method, "")
        else:
            return None
        now = self._clock()
        calls = self._calls.setdefault(key, deque())
        while calls and now - calls[0] >= window:
            calls.popleft()
        if len(calls) >= limit:
            return max(1, math.ceil(window - (now - calls[0])))
        calls.append(now)
        return None
