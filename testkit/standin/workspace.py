"""The Slack workspace the stand-in plays: its ids, and what Slack would remember.

Channels' messages, response URLs, trigger ids, files, App Home views and queued faults live
here; the Web API methods (`api/`), the HTTP routes and the signed requests to the bot all
read and change this one state, always with the call log's lock held.
"""

from __future__ import annotations

import itertools
import time
import uuid
from collections import deque
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from aiohttp import web

from .records import CallLog
from .tiers import RateLimits

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
BOT_NAME = "tutor"
TEAM_ID = "T1"
TEAM_DOMAIN = "tutor-test"
APP_ID = "A1"


@dataclass(frozen=True)
class UploadedFile:
    """A file that went through files.getUploadURLExternal and its upload URL."""

    id: str
    filename: str
    length: int
    data: bytes | None = None
    title: str | None = None
    channel_id: str | None = None
    alt_txt: str | None = None


@dataclass
class Fault:
    """The answer the next `remaining` calls of a method get instead of their own."""

    status: int
    retry_after: int | None
    error: str
    remaining: int


@dataclass
class ResponseUrl:
    channel_id: str | None
    message_ts: str | None
    uses: int = 0


class Workspace:
    """One workspace's state, and the small rules Slack applies to it."""

    def __init__(
        self,
        log: CallLog,
        *,
        user_locales: dict[str, str],
        default_locale: str,
        trigger_ttl: float | None,
        response_url_max_uses: int | None,
    ) -> None:
        self.log = log
        self.lock = log.cond
        self.user_locales = user_locales
        self.default_locale = default_locale
        self.trigger_ttl = trigger_ttl
        self.response_url_max_uses = response_url_max_uses
        self.base_url = "http://127.0.0.1:0"
        self.faults: dict[str, deque[Fault]] = {}
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.response_urls: dict[str, ResponseUrl] = {}
        self.triggers: dict[str, float] = {}
        self.files: dict[str, UploadedFile] = {}
        self.home_views: dict[str, dict[str, Any]] = {}
        self.app_token: str | None = None
        self.rate_limits: RateLimits | None = None
        """Slack's per-method tiers, once a test asks for them (`enforce_rate_limits`)."""
        self.sockets: list[web.WebSocketResponse] = []
        """Socket Mode connections, open or closed."""
        self._counter = itertools.count(1)

    # ------------------------------------------------------------------ ids

    def next_number(self) -> int:
        return next(self._counter)

    def new_ts(self) -> str:
        """A message timestamp, unique and increasing (``1700000000.000100``...)."""
        micros = 1_700_000_000_000_000 + self.next_number() * 100
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def new_trigger_id(self) -> str:
        trigger = f"{self.next_number()}.{int(time.time())}.{uuid.uuid4().hex}"
        with self.lock:
            self.triggers[trigger] = time.monotonic()
        return trigger

    def new_response_url(self, *, channel_id: str | None, message_ts: str | None) -> str:
        rid = uuid.uuid4().hex
        with self.lock:
            self.response_urls[rid] = ResponseUrl(channel_id=channel_id, message_ts=message_ts)
        return f"{self.base_url}/response/{rid}"

    def take_fault(self, method: str) -> Fault | None:
        queue = self.faults.get(method)
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            queue.popleft()
        return fault

    def locale_of(self, user_id: str) -> str:
        return self.user_locales.get(user_id, self.default_locale)

    # ------------------------------------------------------------------ messages

    def bot_message(self, ts: str, *, text: str, blocks: Any) -> dict[str, Any]:
        message: dict[str, Any] = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": APP_ID,
            "team": TEAM_ID,
            "text": text,
            "ts": ts,
        }
        if blocks is not None:
            message["blocks"] = blocks
        return message

    def stored_view(self, view: dict[str, Any]) -> dict[str, Any]:
        view_id = f"V{self.next_number():08d}"
        return {
            **view,
            "id": view_id,
            "team_id": TEAM_ID,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
            "hash": uuid.uuid4().hex,
            "state": {"values": {}},
        }

    def resolve_channel(self, channel: str) -> str:
        # Posting to a user id lands in the bot's DM with that user.
        return f"D{channel}" if channel[:1] in ("U", "W") else channel

    def find_message(self, channel: str, ts: str) -> dict[str, Any] | None:
        return next((m for m in self.messages.get(channel, []) if m.get("ts") == ts), None)

    def channel_messages(self, channel: str) -> list[dict[str, Any]]:
        with self.lock:
            return [dict(m) for m in self.messages.get(self.resolve_channel(channel), [])]

    def remember_message(self, channel: str, message: dict[str, Any]) -> None:
        with self.lock:
            channel = self.resolve_channel(channel)
            if self.find_message(channel, str(message.get("ts"))) is None:
                self.messages.setdefault(channel, []).append(dict(message))
                self.messages[channel].sort(key=lambda m: Decimal(str(m.get("ts", 0))))

    def apply_response(self, entry: ResponseUrl, body: dict[str, Any]) -> None:
        """What a post to a response URL does: delete, replace, or post in the channel."""
        channel = entry.channel_id
        original = (
            self.find_message(self.resolve_channel(channel), entry.message_ts)
            if channel and entry.message_ts
            else None
        )
        if truthy(body.get("delete_original")):
            if channel and original is not None:
                self.messages[self.resolve_channel(channel)].remove(original)
        elif truthy(body.get("replace_original")) and original is not None:
            original["text"] = body.get("text") or ""
            if "blocks" in body:
                original["blocks"] = body["blocks"]
        elif body.get("response_type") == "in_channel" and channel:
            message = self.bot_message(
                self.new_ts(), text=body.get("text") or "", blocks=body.get("blocks")
            )
            if body.get("thread_ts"):
                message["thread_ts"] = str(body["thread_ts"])
            self.messages.setdefault(self.resolve_channel(channel), []).append(message)


def truthy(value: Any) -> bool:
    """Slack's booleans arrive as JSON `true` or as form strings `1` / `true`."""
    return value is True or str(value).lower() in ("1", "true")
