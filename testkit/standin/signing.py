"""Signed HTTP requests to the bot, built the way Slack builds them.

See Slack's "Verifying requests from Slack": the signature is ``v0=`` followed by the
hex HMAC-SHA256 of ``v0:{timestamp}:{raw body}`` keyed with the app's signing secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

# Slack gives up on an HTTP request to an app after this many seconds.
ACK_DEADLINE_SECONDS = 3.0


def sign(signing_secret: str, timestamp: str, body: str) -> str:
    """The ``X-Slack-Signature`` value for ``body`` sent at ``timestamp``."""
    base = f"v0:{timestamp}:{body}".encode()
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return f"v0={digest}"


@dataclass(frozen=True)
class BotResponse:
    """What the bot answered to one signed request, plus what was sent to it."""

    status: int
    headers: dict[str, str]
    body: str
    elapsed: float
    sent: dict[str, Any] = field(default_factory=dict)

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)

    @property
    def acked_in_time(self) -> bool:
        """True when the bot answered 2xx within Slack's three-second deadline."""
        return 200 <= self.status < 300 and self.elapsed < ACK_DEADLINE_SECONDS

    @property
    def response_url(self) -> str | None:
        """The ``response_url`` included in the request, if any."""
        value = self.sent.get("response_url")
        return value if isinstance(value, str) else None

    @property
    def response_url_id(self) -> str | None:
        """The stand-in's id for :attr:`response_url` (its last path segment)."""
        url = self.response_url
        return urlsplit(url).path.rsplit("/", 1)[-1] if url else None

    @property
    def trigger_id(self) -> str | None:
        """The ``trigger_id`` included in the request, if any."""
        value = self.sent.get("trigger_id")
        return value if isinstance(value, str) else None


def post_signed(
    url: str,
    body: str,
    *,
    content_type: str,
    signing_secret: str,
    timestamp: int | str | None = None,
    extra_headers: Mapping[str, str] | None = None,
    sent: dict[str, Any] | None = None,
    timeout: float = 10.0,
) -> BotResponse:
    """POST ``body`` to ``url`` with Slack's signature headers and return the answer.

    HTTP error statuses are returned, not raised, so tests can assert on a 401.
    """
    ts = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": content_type,
        "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": sign(signing_secret, ts, body),
        **(extra_headers or {}),
    }
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = int(response.status)
            answer_headers = dict(response.headers.items())
            raw = response.read()
    except urllib.error.HTTPError as error:
        status = error.code
        answer_headers = dict(error.headers.items())
        raw = error.read()
    elapsed = time.monotonic() - started
    return BotResponse(
        status=status,
        headers=answer_headers,
        body=raw.decode("utf-8", errors="replace"),
        elapsed=elapsed,
        sent=dict(sent or {}),
    )
