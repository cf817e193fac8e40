"""A local Slack stand-in: a real HTTP server on 127.0.0.1 that plays Slack's side.

It serves the Web API under ``/api/<method>`` (point ``WebClient(base_url=...)`` at
:attr:`SlackStandIn.api_url`), file uploads under ``/upload/<file_id>`` and response
URLs under ``/response/<id>``; it records every call, enforces Slack's payload limits,
injects faults on request, and sends signed slash commands, button clicks and events
to the bot exactly as Slack does.

Where Slack's behaviour is stricter than a naive fake, the stand-in follows Slack:
``users.info`` only returns ``locale`` with ``include_locale=true``, a ``trigger_id``
works once and for three seconds, a ``response_url`` works five times, and a missing
token is ``not_authed`` while a wrong one is ``invalid_auth``.

The jobs are split: `routes` (HTTP plumbing), `api/` (the Web API methods by family),
`workspace` (what Slack remembers), `records` (the recorded calls), `sending` (signed
requests to the bot); this module joins them into the one object tests and benches use.

Usage::

    with SlackStandIn(signing_secret="s3cret", bot_token="xoxb-test") as slack:
        client = WebClient(token="xoxb-test", base_url=slack.api_url)
        client.chat_postMessage(channel="C1", text="hi")
        assert slack.last_message("C1")["text"] == "hi"
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit

from aiohttp import web

from .records import RESPONSE_URL, ApiCall, CallLog
from .routes import build_app
from .sending import SendsToBot
from .tiers import RateLimits
from .workspace import Fault, UploadedFile, Workspace

T = TypeVar("T")


class SlackStandIn(SendsToBot):
    """Slack's side of the conversation, served on a random free port of 127.0.0.1.

    The server runs an aiohttp application on its own event loop in a daemon thread;
    all recorded state is guarded by one re-entrant lock whose condition variable
    wakes :meth:`wait_for` whenever something is recorded.
    """

    def __init__(
        self,
        *,
        signing_secret: str,
        bot_token: str,
        user_locales: Mapping[str, str] | None = None,
        default_locale: str = "en-US",
        verification_token: str = "verification-token",
        trigger_ttl: float | None = 3.0,
        response_url_max_uses: int | None = 5,
        app_token: str | None = None,
    ) -> None:
        self.signing_secret = signing_secret
        self.bot_token = bot_token
        self.verification_token = verification_token
        self._log = CallLog()
        self._ws = Workspace(
            self._log,
            user_locales=dict(user_locales or {}),
            default_locale=default_locale,
            trigger_ttl=trigger_ttl,
            response_url_max_uses=response_url_max_uses,
        )
        self._ws.app_token = app_token
        self._sock: socket.socket | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._port = 0

    # ------------------------------------------------------------------ Slack's rules

    @property
    def user_locales(self) -> dict[str, str]:
        return self._ws.user_locales

    @property
    def default_locale(self) -> str:
        return self._ws.default_locale

    @default_locale.setter
    def default_locale(self, locale: str) -> None:
        self._ws.default_locale = locale

    @property
    def trigger_ttl(self) -> float | None:
        return self._ws.trigger_ttl

    @trigger_ttl.setter
    def trigger_ttl(self, seconds: float | None) -> None:
        self._ws.trigger_ttl = seconds

    @property
    def response_url_max_uses(self) -> int | None:
        return self._ws.response_url_max_uses

    @response_url_max_uses.setter
    def response_url_max_uses(self, uses: int | None) -> None:
        self._ws.response_url_max_uses = uses

    @property
    def app_token(self) -> str | None:
        """The app-level token `apps.connections.open` accepts (Socket Mode); None: none."""
        return self._ws.app_token

    @app_token.setter
    def app_token(self, token: str | None) -> None:
        self._ws.app_token = token

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> SlackStandIn:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        """Bind a free port on 127.0.0.1 and serve until :meth:`stop`."""
        if self._thread is not None:
            raise RuntimeError("the stand-in is already running")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        self._sock = sock
        self._port = int(sock.getsockname()[1])
        self._ws.base_url = self.base_url
        loop = asyncio.new_event_loop()
        app = build_app(self._ws, bot_token=lambda: self.bot_token)
        runner = web.AppRunner(app, access_log=None)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.SockSite(runner, sock).start())
        self._loop, self._runner = loop, runner
        self._thread = threading.Thread(target=loop.run_forever, name="slack-standin", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Shut the server down and release the port (idempotent)."""
        loop, runner, thread = self._loop, self._runner, self._thread
        if loop is None or runner is None or thread is None:
            return
        asyncio.run_coroutine_threadsafe(self._close_sockets(), loop).result(timeout=10)
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
        if self._sock is not None:
            self._sock.close()
        self._loop = self._runner = self._thread = self._sock = None

    async def _close_sockets(self) -> None:
        with self._ws.lock:
            sockets, self._ws.sockets = list(self._ws.sockets), []
        for ws in sockets:
            await ws.close()

    # ------------------------------------------------------------------ addresses

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>`` (no trailing slash)."""
        return f"http://127.0.0.1:{self._port}"

    @property
    def ws_url(self) -> str:
        """``ws://127.0.0.1:<port>``, where Socket Mode connects."""
        return f"ws://127.0.0.1:{self._port}"

    @property
    def api_url(self) -> str:
        """Web API base for ``WebClient(base_url=...)``; ends in ``/api/``."""
        return f"{self.base_url}/api/"

    # ------------------------------------------------------------------ inspection

    def calls(self, method: str | None = None) -> list[ApiCall]:
        """Recorded calls, oldest first, optionally only those of ``method``."""
        return self._log.calls(method)

    @property
    def warnings(self) -> list[str]:
        """Warnings Slack would have returned, as ``"<method>: <warning>"``."""
        return self._log.warnings()

    def responses(self, response_url: str) -> list[ApiCall]:
        """Posts to one response URL (pass its id or the whole URL), oldest first."""
        rid = _response_url_id(response_url)
        return [c for c in self.calls(RESPONSE_URL) if c.args.get("response_url_id") == rid]

    def messages(self, channel: str) -> list[dict[str, Any]]:
        """The channel's current (non-deleted, updated) messages, oldest first."""
        return self._ws.channel_messages(channel)

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        """The App Home view last published for ``user_id``."""
        with self._ws.lock:
            view = self._ws.home_views.get(user_id)
            return dict(view) if view is not None else None

    @property
    def files(self) -> list[UploadedFile]:
        """Files announced with files.getUploadURLExternal, with their uploaded bytes."""
        with self._ws.lock:
            return list(self._ws.files.values())

    def clear(self) -> None:
        """Forget recorded calls and warnings (messages, files and URLs stay)."""
        self._log.clear()

    def wait_for(self, predicate: Callable[[list[ApiCall]], T], timeout: float = 10.0) -> T:
        """Block until ``predicate(recorded calls)`` is truthy and return its value.

        Re-evaluated each time something is recorded; raises ``TimeoutError`` listing
        the calls seen so far when ``timeout`` seconds pass first.
        """
        return self._log.wait_for(predicate, timeout)

    def wait_for_call(
        self,
        method: str,
        *,
        count: int = 1,
        where: Callable[[ApiCall], bool] | None = None,
        timeout: float = 10.0,
    ) -> ApiCall:
        """Wait for the ``count``-th call of ``method`` matching ``where``; return it."""

        def nth(calls: list[ApiCall]) -> ApiCall | None:
            hits = [c for c in calls if c.method == method and (where is None or where(c))]
            return hits[count - 1] if len(hits) >= count else None

        call = self.wait_for(nth, timeout)
        assert call is not None  # wait_for only returns truthy values
        return call

    def wait_for_response(
        self, response_url: str, *, count: int = 1, timeout: float = 10.0
    ) -> ApiCall:
        """Wait for the ``count``-th post to a response URL (id or whole URL)."""
        rid = _response_url_id(response_url)
        return self.wait_for_call(
            RESPONSE_URL,
            count=count,
            where=lambda c: c.args.get("response_url_id") == rid,
            timeout=timeout,
        )

    # ------------------------------------------------------------------ faults & ids

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int | None = 1,
        times: int = 1,
        error: str | None = None,
    ) -> None:
        """Make the next ``times`` calls of a Web API ``method`` fail.

        ``status=429`` answers ``ratelimited`` with a ``Retry-After`` header (what
        ``RateLimitErrorRetryHandler`` reads); 5xx answers ``internal_error`` (what
        ``ServerErrorRetryHandler`` retries); ``status=200`` with ``error`` answers a
        plain ``{"ok": false, "error": error}``.
        """
        if status == 429:
            default_error = "ratelimited"
        elif status >= 500:
            default_error = "internal_error"
        else:
            default_error = "fatal_error"
        fault = Fault(
            status=status,
            retry_after=retry_after if status == 429 else None,
            error=error or default_error,
            remaining=times,
        )
        with self._ws.lock:
            self._ws.faults.setdefault(method, deque()).append(fault)

    def enforce_rate_limits(self, per_minute: Mapping[str, int] | None = None) -> None:
        """From now on, answer 429 over Slack's per-method tiers (or the limits given), as
        Slack does: ``ratelimited`` with ``Retry-After`` in seconds."""
        with self._ws.lock:
            self._ws.rate_limits = RateLimits(per_minute)

    @property
    def socket_connections(self) -> int:
        """Socket Mode connections open now."""
        with self._ws.lock:
            return sum(1 for ws in self._ws.sockets if not ws.closed)


def _response_url_id(response_url: str) -> str:
    if "/" not in response_url:
        return response_url
    return urlsplit(response_url).path.rstrip("/").rsplit("/", 1)[-1]
