"""Requests to the bot, signed and shaped exactly as Slack sends them.

Slash commands, button clicks (and any interactivity payload), Events API envelopes and the
URL verification handshake, each signed with `v0=` HMAC-SHA256 (or a wrong secret or stale
timestamp when a test asks for one). `SlackStandIn` gets these methods from `SendsToBot`.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from .signing import BotResponse, post_signed
from .workspace import APP_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID, Workspace

BALANCED = "balanced://replicas"
"""Send here to reach the bot URLs `deliver_round_robin` was given, one after another."""


class SendsToBot:
    """The stand-in's requests to the bot; the stand-in supplies the workspace and secrets."""

    _ws: Workspace
    signing_secret: str
    verification_token: str

    def new_response_url(
        self, *, channel_id: str | None = None, message_ts: str | None = None
    ) -> str:
        """A fresh response URL; ``message_ts`` ties it to the message it may replace."""
        return self._ws.new_response_url(channel_id=channel_id, message_ts=message_ts)

    def new_trigger_id(self) -> str:
        """A trigger id views.open accepts once, within ``trigger_ttl`` seconds."""
        return self._ws.new_trigger_id()

    def new_ts(self) -> str:
        """A message timestamp, unique and increasing (``1700000000.000100``...)."""
        return self._ws.new_ts()

    def last_message(self, channel: str, *, thread_ts: str | None = None) -> dict[str, Any] | None:
        """The newest message in ``channel`` (or in one thread), reflecting updates."""
        found = [
            m
            for m in self._ws.channel_messages(channel)
            if thread_ts is None or m.get("thread_ts") == thread_ts
        ]
        return found[-1] if found else None

    def send_command(
        self,
        bot_url: str,
        *,
        command: str = "/container-demo",
        text: str = "run",
        user_id: str = "U1",
        user_name: str = "alice",
        channel_id: str = "C1",
        channel_name: str = "general",
        response_url: str | None = None,
        trigger_id: str | None = None,
        signing_secret_override: str | None = None,
        timestamp_override: int | str | None = None,
        timeout: float = 10.0,
    ) -> BotResponse:
        """POST a slash command to the bot, form-encoded and signed like Slack."""
        payload = {
            "token": self.verification_token,
            "team_id": TEAM_ID,
            "team_domain": TEAM_DOMAIN,
            "channel_id": channel_id,
            "channel_name": channel_name,
            "user_id": user_id,
            "user_name": user_name,
            "command": command,
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": response_url or self.new_response_url(channel_id=channel_id),
            "trigger_id": trigger_id or self.new_trigger_id(),
        }
        return self._send(
            bot_url,
            urlencode(payload),
            "application/x-www-form-urlencoded",
            payload,
            signing_secret_override,
            timestamp_override,
            None,
            timeout,
        )

    def send_action(
        self,
        bot_url: str,
        *,
        action_id: str,
        value: str = "",
        user_id: str = "U1",
        user_name: str = "alice",
        channel_id: str = "C1",
        message: Mapping[str, Any] | None = None,
        block_id: str | None = None,
        is_ephemeral: bool = False,
        signing_secret_override: str | None = None,
        timestamp_override: int | str | None = None,
        timeout: float = 10.0,
        option: Mapping[str, Any] | None = None,
    ) -> BotResponse:
        """POST a ``block_actions`` button click, as ``payload=<json>``, signed.

        With ``option``, the click picks that option of the overflow or select menu
        ``action_id`` instead (Slack then sends ``selected_option``, not ``value``).

        ``message`` defaults to the newest message in the channel (the one the user
        would click on); a message given here is added to the channel if unknown, so a
        later chat.update on it works. ``block_id`` defaults to the block holding a
        button with ``action_id``.
        """
        msg = dict(message) if message is not None else self.last_message(channel_id)
        if msg is None:
            msg = self._ws.bot_message(self.new_ts(), text="", blocks=[])
        msg.setdefault("ts", self.new_ts())
        self._ws.remember_message(channel_id, msg)
        found_block_id, button_text = find_button(msg.get("blocks"), action_id)
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user_id, "username": user_name, "name": user_name, "team_id": TEAM_ID},
            "api_app_id": APP_ID,
            "token": self.verification_token,
            "container": {
                "type": "message",
                "message_ts": msg["ts"],
                "channel_id": channel_id,
                "is_ephemeral": is_ephemeral,
            },
            "trigger_id": self.new_trigger_id(),
            "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": channel_id, "name": "general"},
            "message": msg,
            "state": {"values": {}},
            "response_url": self.new_response_url(channel_id=channel_id, message_ts=msg["ts"]),
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": block_id or found_block_id or "b1",
                    "text": {"type": "plain_text", "text": button_text or action_id, "emoji": True},
                    "value": value,
                    "action_ts": f"{time.time():.6f}",
                }
                if option is None
                else {
                    "type": element_type(msg.get("blocks"), action_id),
                    "action_id": action_id,
                    "block_id": block_id or found_block_id or "b1",
                    "selected_option": dict(option),
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }
        return self.send_interaction(
            bot_url,
            payload,
            signing_secret_override=signing_secret_override,
            timestamp_override=timestamp_override,
            timeout=timeout,
        )

    def send_interaction(
        self,
        bot_url: str,
        payload: Mapping[str, Any],
        *,
        signing_secret_override: str | None = None,
        timestamp_override: int | str | None = None,
        timeout: float = 10.0,
    ) -> BotResponse:
        """POST any interactivity payload (view_submission, shortcut...) as Slack does."""
        body = urlencode({"payload": json.dumps(payload)})
        return self._send(
            bot_url,
            body,
            "application/x-www-form-urlencoded",
            dict(payload),
            signing_secret_override,
            timestamp_override,
            None,
            timeout,
        )

    def send_event(
        self,
        bot_url: str,
        *,
        event: Mapping[str, Any],
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        event_id: str | None = None,
        signing_secret_override: str | None = None,
        timestamp_override: int | str | None = None,
        timeout: float = 10.0,
    ) -> BotResponse:
        """POST an Events API ``event_callback`` envelope; a retry reuses ``event_id``."""
        now = time.time()
        inner = {"event_ts": f"{now:.6f}", **event}
        envelope: dict[str, Any] = {
            "token": self.verification_token,
            "team_id": TEAM_ID,
            "context_team_id": TEAM_ID,
            "context_enterprise_id": None,
            "api_app_id": APP_ID,
            "event": inner,
            "type": "event_callback",
            "event_id": event_id or f"Ev{self._ws.next_number():08d}",
            "event_time": int(now),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": TEAM_ID,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
        }
        headers = None
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return self._send(
            bot_url,
            json.dumps(envelope),
            "application/json",
            envelope,
            signing_secret_override,
            timestamp_override,
            headers,
            timeout,
        )

    def send_url_verification(
        self,
        bot_url: str,
        *,
        challenge: str | None = None,
        signing_secret_override: str | None = None,
        timestamp_override: int | str | None = None,
        timeout: float = 10.0,
    ) -> BotResponse:
        """POST the ``url_verification`` handshake; the bot must echo ``challenge``."""
        payload = {
            "token": self.verification_token,
            "challenge": challenge or uuid.uuid4().hex,
            "type": "url_verification",
        }
        return self._send(
            bot_url,
            json.dumps(payload),
            "application/json",
            payload,
            signing_secret_override,
            timestamp_override,
            None,
            timeout,
        )

    def deliver_round_robin(self, urls: Sequence[str]) -> str:
        """Deliver what is sent to the returned URL to `urls` in turn, as a load balancer in
        front of several replicas would: each request to the next one."""
        self._balanced: Iterator[str] = itertools.cycle(list(urls))
        self._balance_lock = threading.Lock()
        return BALANCED

    def _send(
        self,
        url: str,
        body: str,
        content_type: str,
        sent: dict[str, Any],
        secret_override: str | None,
        timestamp_override: int | str | None,
        headers: dict[str, str] | None,
        timeout: float,
    ) -> BotResponse:
        if url == BALANCED:
            with self._balance_lock:
                url = next(self._balanced)
        return post_signed(
            url,
            body,
            content_type=content_type,
            signing_secret=secret_override or self.signing_secret,
            timestamp=timestamp_override,
            extra_headers=headers,
            sent=sent,
            timeout=timeout,
        )


def find_button(blocks: Any, action_id: str) -> tuple[str | None, str | None]:
    """The block id holding the element ``action_id`` and its label, when present."""
    if not isinstance(blocks, list):
        return None, None
    for block in blocks:
        if not isinstance(block, dict):
            continue
        elements = list(block.get("elements") or [])
        if isinstance(block.get("accessory"), dict):
            elements.append(block["accessory"])
        for element in elements:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                text = element.get("text")
                label = text.get("text") if isinstance(text, dict) else None
                return block.get("block_id"), label
    return None, None


def element_type(blocks: Any, action_id: str) -> str:
    """The type of the interactive element ``action_id`` (``overflow``, ``static_select``…)."""
    for block in blocks if isinstance(blocks, list) else []:
        for element in block.get("elements") or [] if isinstance(block, dict) else []:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                return str(element.get("type", "button"))
    return "button"
