"""The door of `POST /slack/events`: a request Bolt cannot parse is refused here, with a 4xx.

Bolt parses the body (JSON, or a form with a `payload=` JSON field) before its signature
check, and reads the timestamp header with `int()`; either raises on junk, which aiohttp
turns into a 500 and a traceback: anyone could flood the log. So the raw body is checked
here first: its size (413), its signature (401, the same HMAC Bolt checks again, which stays
on), its encoding and its shape (400). Each refusal logs one short line, which the log's
throttle limits when the same one repeats.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from urllib.parse import parse_qsl

from aiohttp import web

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1024 * 1024
"""Slack's own payloads stay far below this (a message holds at most 40,000 characters)."""
MAX_AGE_SECONDS = 60 * 5
"""Slack's replay window, as Bolt's check has it."""


def refusal(status: int, reason: str) -> web.Response:
    log.warning("refused a request to the events URL: %s (HTTP %d)", reason, status)
    return web.json_response({"ok": False, "error": reason}, status=status)


class Gate:
    """Checks one request's raw body and headers; `check` answers the refusal, or None."""

    def __init__(
        self, signing_secret: str | None, *, clock: Callable[[], float] = time.time
    ) -> None:
        self._secret = signing_secret.encode() if signing_secret else None
        self._clock = clock

    async def check(self, request: web.Request) -> tuple[str, web.Response | None]:
        """The body as text when it may go on to Bolt, else a 4xx response to send."""
        if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
            return "", refusal(413, "body too large")
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return "", refusal(413, "body too large")
        if not self._signed(raw, request):
            return "", refusal(401, "bad signature or timestamp")
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            return "", refusal(400, "body is not UTF-8")
        problem = shape_problem(body, request.content_type)
        if problem is not None:
            return "", refusal(400, problem)
        return body, None

    def _signed(self, raw: bytes, request: web.Request) -> bool:
        """Slack's signature over the raw bytes, within five minutes of its timestamp."""
        if self._secret is None:  # Socket Mode serves no events URL; nothing to check against
            return True
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
            return False
        if abs(self._clock() - int(timestamp)) > MAX_AGE_SECONDS:
            return False
        base = b"v0:" + timestamp.encode() + b":" + raw
        expected = "v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest()
        return signature.isascii() and hmac.compare_digest(expected, signature)


def shape_problem(body: str, content_type: str) -> str | None:
    """Why Bolt's `parse_body` would fail on `body`, or None; it reads the same way:
    JSON when so typed or when it starts with `{`, else a form, whose `payload` is JSON."""
    if not body:
        return None
    if content_type == "application/json" or body.startswith("{"):
        return _json_object_problem(body, "body")
    if "payload" in body:
        payload = dict(parse_qsl(body, keep_blank_values=True)).get("payload")
        if payload is not None:
            return _json_object_problem(payload, "payload")
    return None


def _json_object_problem(text: str, what: str) -> str | None:
    try:
        parsed = json.loads(text)
    except ValueError:
        return f"{what} is not JSON"
    return None if isinstance(parsed, dict) else f"{what} is not a JSON object"
