"""Signed, single-use, short-lived terminal links, and the one-time tickets their pages use.

A link's token is `payload.signature`: the payload names the learner, the container, the
expiry and a nonce; the signature is HMAC-SHA256 with a server secret, so a token cannot be
forged or altered, and a nonce is accepted once. Opening the page spends the token and
hands the page a ticket (random, 60 s, once) that its websocket presents as its first
message, so no token or ticket ever travels in a URL the websocket or a log would see twice.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.core.lang import Lang

LINK_SECONDS = 600.0
TICKET_SECONDS = 60.0


@dataclass(frozen=True)
class Grant:
    """Who may open a terminal, on which container, and the language to tell them things in."""

    learner: str
    container: str
    lang: Lang = "en"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TerminalTokens:
    def __init__(
        self,
        secret: bytes | None = None,
        *,
        link_seconds: float = LINK_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._secret = secret or secrets.token_bytes(32)
        self._link_seconds = link_seconds
        self._clock = clock
        self._spent: dict[str, float] = {}
        self._tickets: dict[str, tuple[Grant, float]] = {}
        self._guard = threading.Lock()

    def mint(self, grant: Grant) -> str:
        payload = {
            "l": grant.learner,
            "c": grant.container,
            "g": grant.lang,
            "e": int(self._clock() + self._link_seconds),
            "n": secrets.token_urlsafe(12),
        }
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"{body}.{self._sign(body)}"

    def redeem(self, token: str) -> Grant | None:
        """The grant of a valid, unexpired, unspent token, spending it; None otherwise."""
        body, _, signature = token.partition(".")
        if not body or not hmac.compare_digest(signature, self._sign(body)):
            return None
        try:
            payload = json.loads(_unb64(body))
            lang: Lang = "zh" if payload.get("g") == "zh" else "en"
            grant = Grant(learner=str(payload["l"]), container=str(payload["c"]), lang=lang)
            expires, nonce = float(payload["e"]), str(payload["n"])
        except (ValueError, KeyError, TypeError):
            return None
        now = self._clock()
        with self._guard:
            self._spent = {n: e for n, e in self._spent.items() if e > now}
            if expires <= now or nonce in self._spent:
                return None
            self._spent[nonce] = expires
        return grant

    def ticket(self, grant: Grant) -> str:
        ticket = secrets.token_urlsafe(24)
        with self._guard:
            self._tickets[ticket] = (grant, self._clock() + TICKET_SECONDS)
        return ticket

    def take_ticket(self, ticket: str) -> Grant | None:
        with self._guard:
            found = self._tickets.pop(ticket, None)
        if found is None or found[1] <= self._clock():
            return None
        return found[0]

    def _sign(self, body: str) -> str:
        return _b64(hmac.new(self._secret, body.encode(), hashlib.sha256).digest())
