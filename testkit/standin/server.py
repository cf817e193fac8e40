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

Usage::

    with SlackStandIn(signing_secret="s3cret", bot_token="xoxb-test") as slack:
        client = WebClient(token="xoxb-test", base_url=slack.api_url)
        client.chat_postMessage(channel="C1", text="hi")
        assert slack.last_message("C1")["text"] == "hi"
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import socket
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

from aiohttp import web

from .limits import Verdict, check_message, check_view
from .signing import BotResponse, post_signed
from .tiers import RateLimits

T = TypeVar("T")

# Form fields that slack_sdk sends as JSON-encoded strings.
JSON_FIELDS = ("blocks", "attachments", "view", "files", "metadata")
RESPONSE_URL = "response_url"  # pseudo-method name of response_url posts in calls()
UPLOAD = "upload"  # pseudo-method name of upload-URL posts in calls()

BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
BOT_NAME = "tutor"
TEAM_ID = "T1"
TEAM_DOMAIN = "tutor-test"
APP_ID = "A1"


@dataclass(frozen=True)
class ApiCall:
    """One recorded request: a Web API method, a response_url post or an upload.

    ``args`` holds the parsed arguments (query, form or JSON; ``blocks``, ``view``,
    ``attachments``, ``files`` and ``metadata`` decoded from JSON strings) without the
    token. ``at`` is ``time.time()`` on arrival.
    """

    method: str
    args: dict[str, Any]
    at: float
    status: int = 200
    ok: bool = True
    error: str | None = None
    warnings: tuple[str, ...] = ()
    response: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class UploadedFile:
    """A file that went through files.getUploadURLExternal and its upload URL."""

    id: str
    filename: str
    length: int
    data: bytes | None = None
    title: str | None = None
    channel_id: str | None = None


@dataclass
class _Fault:
    status: int
    retry_after: int | None
    error: str
    remaining: int


@dataclass
class _ResponseUrl:
    channel_id: str | None
    message_ts: str | None
    uses: int = 0


class SlackStandIn:
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
        self.user_locales: dict[str, str] = dict(user_locales or {})
        self.default_locale = default_locale
        self.verification_token = verification_token
        self.trigger_ttl = trigger_ttl
        self.response_url_max_uses = response_url_max_uses
        self.app_token = app_token
        self._rate_limits: RateLimits | None = None
        self._sockets: list[web.WebSocketResponse] = []

        self._cond = threading.Condition(threading.RLock())
        self._calls: list[ApiCall] = []
        self._warnings: list[str] = []
        self._faults: dict[str, deque[_Fault]] = {}
        self._messages: dict[str, list[dict[str, Any]]] = {}
        self._response_urls: dict[str, _ResponseUrl] = {}
        self._triggers: dict[str, float] = {}
        self._files: dict[str, UploadedFile] = {}
        self._home_views: dict[str, dict[str, Any]] = {}
        self._counter = itertools.count(1)

        self._sock: socket.socket | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None
        self._port = 0

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
        loop = asyncio.new_event_loop()
        runner = web.AppRunner(self._build_app(), access_log=None)
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
        with self._cond:
            return [c for c in self._calls if method is None or c.method == method]

    @property
    def warnings(self) -> list[str]:
        """Warnings Slack would have returned, as ``"<method>: <warning>"``."""
        with self._cond:
            return list(self._warnings)

    def responses(self, response_url: str) -> list[ApiCall]:
        """Posts to one response URL (pass its id or the whole URL), oldest first."""
        rid = _response_url_id(response_url)
        return [c for c in self.calls(RESPONSE_URL) if c.args.get("response_url_id") == rid]

    def messages(self, channel: str) -> list[dict[str, Any]]:
        """The channel's current (non-deleted, updated) messages, oldest first."""
        with self._cond:
            return [dict(m) for m in self._messages.get(self._resolve_channel(channel), [])]

    def last_message(self, channel: str, *, thread_ts: str | None = None) -> dict[str, Any] | None:
        """The newest message in ``channel`` (or in one thread), reflecting updates."""
        found = [
            m
            for m in self.messages(channel)
            if thread_ts is None or m.get("thread_ts") == thread_ts
        ]
        return found[-1] if found else None

    def home_view(self, user_id: str) -> dict[str, Any] | None:
        """The App Home view last published for ``user_id``."""
        with self._cond:
            view = self._home_views.get(user_id)
            return dict(view) if view is not None else None

    @property
    def files(self) -> list[UploadedFile]:
        """Files announced with files.getUploadURLExternal, with their uploaded bytes."""
        with self._cond:
            return list(self._files.values())

    def clear(self) -> None:
        """Forget recorded calls and warnings (messages, files and URLs stay)."""
        with self._cond:
            self._calls.clear()
            self._warnings.clear()

    def wait_for(self, predicate: Callable[[list[ApiCall]], T], timeout: float = 10.0) -> T:
        """Block until ``predicate(recorded calls)`` is truthy and return its value.

        Re-evaluated each time something is recorded; raises ``TimeoutError`` listing
        the calls seen so far when ``timeout`` seconds pass first.
        """
        with self._cond:
            result = self._cond.wait_for(lambda: predicate(list(self._calls)), timeout)
            if not result:
                seen = ", ".join(f"{c.method}({c.error or 'ok'})" for c in self._calls)
                raise TimeoutError(f"condition not met in {timeout}s; calls: [{seen}]")
            return result

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
        fault = _Fault(
            status=status,
            retry_after=retry_after if status == 429 else None,
            error=error or default_error,
            remaining=times,
        )
        with self._cond:
            self._faults.setdefault(method, deque()).append(fault)

    def enforce_rate_limits(self, per_minute: Mapping[str, int] | None = None) -> None:
        """From now on, answer 429 over Slack's per-method tiers (or the limits given), as
        Slack does: ``ratelimited`` with ``Retry-After`` in seconds."""
        with self._cond:
            self._rate_limits = RateLimits(per_minute)

    @property
    def socket_connections(self) -> int:
        """Socket Mode connections open now."""
        with self._cond:
            return sum(1 for ws in self._sockets if not ws.closed)

    def new_response_url(
        self, *, channel_id: str | None = None, message_ts: str | None = None
    ) -> str:
        """A fresh response URL; ``message_ts`` ties it to the message it may replace."""
        rid = uuid.uuid4().hex
        with self._cond:
            self._response_urls[rid] = _ResponseUrl(channel_id=channel_id, message_ts=message_ts)
        return f"{self.base_url}/response/{rid}"

    def new_trigger_id(self) -> str:
        """A trigger id views.open accepts once, within ``trigger_ttl`` seconds."""
        trigger = f"{next(self._counter)}.{int(time.time())}.{uuid.uuid4().hex}"
        with self._cond:
            self._triggers[trigger] = time.monotonic()
        return trigger

    def new_ts(self) -> str:
        """A message timestamp, unique and increasing (``1700000000.000100``...)."""
        micros = 1_700_000_000_000_000 + next(self._counter) * 100
        return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    # ------------------------------------------------------------------ sending to the bot

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
    ) -> BotResponse:
        """POST a ``block_actions`` button click, as ``payload=<json>``, signed.

        ``message`` defaults to the newest message in the channel (the one the user
        would click on); a message given here is added to the channel if unknown, so a
        later chat.update on it works. ``block_id`` defaults to the block holding a
        button with ``action_id``.
        """
        msg = dict(message) if message is not None else self.last_message(channel_id)
        if msg is None:
            msg = self._bot_message(self.new_ts(), text="", blocks=[])
        msg.setdefault("ts", self.new_ts())
        self._remember_message(channel_id, msg)
        found_block_id, button_text = _find_button(msg.get("blocks"), action_id)
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
            "event_id": event_id or f"Ev{next(self._counter):08d}",
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

    # ------------------------------------------------------------------ HTTP side

    def _build_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/upload/{file_id}", self._handle_upload)
        app.router.add_post("/response/{rid}", self._handle_response_url)
        app.router.add_get("/link", self._handle_socket_mode)
        return app

    async def _close_sockets(self) -> None:
        with self._cond:
            sockets, self._sockets = list(self._sockets), []
        for ws in sockets:
            await ws.close()

    async def _handle_socket_mode(self, request: web.Request) -> web.WebSocketResponse:
        """A Socket Mode connection: Slack says hello, then keeps it open."""
        ws = web.WebSocketResponse(heartbeat=None)
        await ws.prepare(request)
        with self._cond:
            self._sockets.append(ws)
        hello = {"type": "hello", "num_connections": 1, "debug_info": {"host": "standin"}}
        await ws.send_json(hello)
        self._record("socket_mode.connect", {})
        async for _message in ws:  # acks from the app; nothing is sent through it yet
            pass
        return ws

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                body = None
            if not isinstance(body, dict):
                return self._answer(method, args, {"ok": False, "error": "invalid_json"})
            args.update(body)
        elif request.method == "POST":
            for key, value in (await request.post()).items():
                args[key] = value.file.read() if isinstance(value, web.FileField) else str(value)
        for key in JSON_FIELDS:
            if isinstance(args.get(key), str):
                with contextlib.suppress(ValueError):  # if not JSON, the method rejects it
                    args[key] = json.loads(args[key])
        token = args.pop("token", None)
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            token = header.removeprefix("Bearer ")

        with self._cond:
            fault = self._take_fault(method)
            limits = self._rate_limits
            wait = limits.retry_after(method, str(args.get("channel", ""))) if limits else None
        if fault is None and wait is not None:
            fault = _Fault(status=429, retry_after=wait, error="ratelimited", remaining=0)
        if fault is not None:
            headers = (
                {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
            )
            return self._answer(
                method, args, {"ok": False, "error": fault.error}, fault.status, headers
            )
        if not token:
            return self._answer(method, args, {"ok": False, "error": "not_authed"})
        if method == "apps.connections.open":  # the one method that takes the app token
            if self.app_token is None or token != self.app_token:
                return self._answer(method, args, {"ok": False, "error": "invalid_auth"})
            return self._answer(method, args, {"ok": True, "url": f"{self.ws_url}/link"})
        if token != self.bot_token:
            return self._answer(method, args, {"ok": False, "error": "invalid_auth"})
        handler = self._methods().get(method)
        if handler is None:
            return self._answer(
                method, args, {"ok": False, "error": "unknown_method", "req_method": method}
            )
        with self._cond:
            result = handler(args)
        return self._answer(method, args, result)

    async def _handle_upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        data = await request.read()
        with self._cond:
            pending = self._files.get(file_id)
            if pending is not None:
                self._files[file_id] = UploadedFile(
                    id=file_id, filename=pending.filename, length=pending.length, data=data
                )
        args = {"file_id": file_id, "size": len(data)}
        if pending is None:
            self._record(UPLOAD, args, status=404, error="file_not_found")
            return web.Response(status=404, text="file_not_found")
        self._record(UPLOAD, args)
        return web.Response(text=f"OK - {len(data)}")

    async def _handle_response_url(self, request: web.Request) -> web.Response:
        rid = request.match_info["rid"]
        try:
            body = json.loads(await request.text())
        except ValueError:
            body = None
        args: dict[str, Any] = {"response_url_id": rid}
        if not isinstance(body, dict):
            return self._answer_text(args, 400, "invalid_payload")
        args.update(body)
        with self._cond:
            entry = self._response_urls.get(rid)
            if entry is None:
                return self._answer_text(args, 404, "no_such_response_url")
            entry.uses += 1
            if self.response_url_max_uses is not None and entry.uses > self.response_url_max_uses:
                return self._answer_text(args, 404, "used_url")
            verdict = check_message(body, require_content=not _truthy(body.get("delete_original")))
            if not verdict.ok:
                return self._answer_text(args, 400, verdict.error or "invalid_payload", verdict)
            self._apply_response(entry, body)
            return self._answer_text(args, 200, "ok", verdict)

    def _answer(
        self,
        method: str,
        args: dict[str, Any],
        result: dict[str, Any],
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> web.Response:
        warnings = tuple(result.get("response_metadata", {}).get("warnings", ()))
        self._record(
            method,
            args,
            status=status,
            error=None if result.get("ok") else str(result.get("error")),
            warnings=warnings,
            response=result,
        )
        return web.json_response(result, status=status, headers=headers)

    def _answer_text(
        self, args: dict[str, Any], status: int, text: str, verdict: Verdict | None = None
    ) -> web.Response:
        self._record(
            RESPONSE_URL,
            args,
            status=status,
            error=None if status == 200 else text,
            warnings=tuple(verdict.warnings) if verdict else (),
            response={"messages": verdict.messages} if verdict and verdict.messages else {},
        )
        return web.Response(status=status, text=text)

    def _record(
        self,
        method: str,
        args: dict[str, Any],
        *,
        status: int = 200,
        error: str | None = None,
        warnings: tuple[str, ...] = (),
        response: dict[str, Any] | None = None,
    ) -> None:
        call = ApiCall(
            method=method,
            args=args,
            at=time.time(),
            status=status,
            ok=error is None,
            error=error,
            warnings=warnings,
            response=response or {},
        )
        with self._cond:
            self._calls.append(call)
            self._warnings.extend(f"{method}: {w}" for w in warnings)
            self._cond.notify_all()

    def _take_fault(self, method: str) -> _Fault | None:
        queue = self._faults.get(method)
        if not queue:
            return None
        fault = queue[0]
        fault.remaining -= 1
        if fault.remaining <= 0:
            queue.popleft()
        return fault

    # ------------------------------------------------------------------ Web API methods
    # Each runs with the lock held and returns Slack's JSON answer.

    def _methods(self) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
        return {
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.update": self._chat_update,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.delete": self._chat_delete,
            "conversations.open": self._conversations_open,
            "views.publish": self._views_publish,
            "views.open": self._views_open,
            "users.info": self._users_info,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
        }

    def _auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": f"https://{TEAM_DOMAIN}.slack.com/",
            "team": "Tutor Test",
            "user": BOT_NAME,
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _chat_post_message(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        verdict = check_message(args)
        if not verdict.ok:
            return _rejection(verdict)
        channel = self._resolve_channel(str(args["channel"]))
        message = self._bot_message(
            self.new_ts(), text=args.get("text") or "", blocks=args.get("blocks")
        )
        if args.get("thread_ts"):
            message["thread_ts"] = str(args["thread_ts"])
        self._messages.setdefault(channel, []).append(message)
        return _with_warnings(
            {"ok": True, "channel": channel, "ts": message["ts"], "message": dict(message)},
            verdict,
        )

    def _chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._resolve_channel(str(args.get("channel", "")))
        message = self._find_message(channel, str(args.get("ts", "")))
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        verdict = check_message(args)
        if not verdict.ok:
            return _rejection(verdict)
        message["text"] = args.get("text") or ""
        if "blocks" in args:  # omitted blocks are kept, like Slack does
            message["blocks"] = args["blocks"]
        message["edited"] = {"user": BOT_USER_ID, "ts": self.new_ts()}
        return _with_warnings(
            {
                "ok": True,
                "channel": channel,
                "ts": message["ts"],
                "text": message["text"],
                "message": dict(message),
            },
            verdict,
        )

    def _chat_post_ephemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not args.get("user"):
            return {"ok": False, "error": "user_not_in_channel"}
        verdict = check_message(args)
        if not verdict.ok:
            return _rejection(verdict)
        return _with_warnings({"ok": True, "message_ts": self.new_ts()}, verdict)

    def _chat_delete(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._resolve_channel(str(args.get("channel", "")))
        ts = str(args.get("ts", ""))
        message = self._find_message(channel, ts)
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        self._messages[channel].remove(message)
        return {"ok": True, "channel": channel, "ts": ts}

    def _conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = [u for u in str(args.get("users", "")).split(",") if u]
        if args.get("channel"):
            return {"ok": True, "channel": {"id": str(args["channel"])}}
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        if len(users) > 1:
            return {"ok": True, "channel": {"id": "G" + "".join(users)}}
        return {"ok": True, "channel": {"id": "D" + users[0]}}

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        user_id = args.get("user_id")
        if not user_id:
            return {"ok": False, "error": "invalid_arguments"}
        verdict = check_view(args.get("view"), home_only=True)
        if not verdict.ok:
            return _rejection(verdict)
        view = self._stored_view(args["view"])
        self._home_views[str(user_id)] = view
        return {"ok": True, "view": view}

    def _views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        trigger = str(args.get("trigger_id", ""))
        if trigger not in self._triggers:
            used = any(
                c.method == "views.open" and c.ok and c.args.get("trigger_id") == trigger
                for c in self._calls
            )
            return {"ok": False, "error": "exchanged_trigger_id" if used else "invalid_trigger_id"}
        issued = self._triggers[trigger]
        if self.trigger_ttl is not None and time.monotonic() - issued > self.trigger_ttl:
            return {"ok": False, "error": "expired_trigger_id"}
        verdict = check_view(args.get("view"))
        if not verdict.ok:
            return _rejection(verdict)
        del self._triggers[trigger]
        return {"ok": True, "view": self._stored_view(args["view"])}

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user_id = str(args.get("user", ""))
        if not user_id:
            return {"ok": False, "error": "user_not_found"}
        user: dict[str, Any] = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": user_id.lower(),
            "real_name": f"User {user_id}",
            "deleted": False,
            "is_bot": user_id == BOT_USER_ID,
            "tz": "Europe/London",
            "tz_offset": 0,
            "profile": {"display_name": user_id.lower(), "real_name": f"User {user_id}"},
        }
        if _truthy(args.get("include_locale")):  # Slack omits it otherwise
            user["locale"] = self.user_locales.get(user_id, self.default_locale)
        return {"ok": True, "user": user}

    def _files_get_upload_url(self, args: dict[str, Any]) -> dict[str, Any]:
        filename, length = args.get("filename"), args.get("length")
        if not filename or length is None or not str(length).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._counter):08d}"
        self._files[file_id] = UploadedFile(id=file_id, filename=str(filename), length=int(length))
        return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, args: dict[str, Any]) -> dict[str, Any]:
        entries = args.get("files")
        if not isinstance(entries, list) or not entries:
            return {"ok": False, "error": "invalid_arguments"}
        channel = args.get("channel_id") or None
        done: list[dict[str, Any]] = []
        for entry in entries:
            stored = self._files.get(str(entry.get("id"))) if isinstance(entry, dict) else None
            if stored is None or stored.data is None:
                return {"ok": False, "error": "file_not_found"}
            title = entry.get("title") or stored.filename
            self._files[stored.id] = UploadedFile(
                id=stored.id,
                filename=stored.filename,
                length=stored.length,
                data=stored.data,
                title=title,
                channel_id=channel,
            )
            done.append(
                {
                    "id": stored.id,
                    "name": stored.filename,
                    "title": title,
                    "size": len(stored.data),
                    "user": BOT_USER_ID,
                    "channels": [channel] if channel else [],
                }
            )
        if channel:
            message = self._bot_message(
                self.new_ts(), text=args.get("initial_comment") or "", blocks=None
            )
            message["files"] = done
            if args.get("thread_ts"):
                message["thread_ts"] = str(args["thread_ts"])
            self._messages.setdefault(self._resolve_channel(str(channel)), []).append(message)
        return {"ok": True, "files": done}

    # ------------------------------------------------------------------ helpers

    def _bot_message(self, ts: str, *, text: str, blocks: Any) -> dict[str, Any]:
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

    def _stored_view(self, view: dict[str, Any]) -> dict[str, Any]:
        view_id = f"V{next(self._counter):08d}"
        return {
            **view,
            "id": view_id,
            "team_id": TEAM_ID,
            "app_id": APP_ID,
            "bot_id": BOT_ID,
            "hash": uuid.uuid4().hex,
            "state": {"values": {}},
        }

    def _resolve_channel(self, channel: str) -> str:
        # Posting to a user id lands in the bot's DM with that user.
        return f"D{channel}" if channel[:1] in ("U", "W") else channel

    def _find_message(self, channel: str, ts: str) -> dict[str, Any] | None:
        return next((m for m in self._messages.get(channel, []) if m.get("ts") == ts), None)

    def _remember_message(self, channel: str, message: dict[str, Any]) -> None:
        with self._cond:
            channel = self._resolve_channel(channel)
            if self._find_message(channel, str(message.get("ts"))) is None:
                self._messages.setdefault(channel, []).append(dict(message))
                self._messages[channel].sort(key=lambda m: Decimal(str(m.get("ts", 0))))

    def _apply_response(self, entry: _ResponseUrl, body: dict[str, Any]) -> None:
        channel = entry.channel_id
        original = (
            self._find_message(self._resolve_channel(channel), entry.message_ts)
            if channel and entry.message_ts
            else None
        )
        if _truthy(body.get("delete_original")):
            if channel and original is not None:
                self._messages[self._resolve_channel(channel)].remove(original)
        elif _truthy(body.get("replace_original")) and original is not None:
            original["text"] = body.get("text") or ""
            if "blocks" in body:
                original["blocks"] = body["blocks"]
        elif body.get("response_type") == "in_channel" and channel:
            message = self._bot_message(
                self.new_ts(), text=body.get("text") or "", blocks=body.get("blocks")
            )
            if body.get("thread_ts"):
                message["thread_ts"] = str(body["thread_ts"])
            self._messages.setdefault(self._resolve_channel(channel), []).append(message)


def _rejection(verdict: Verdict) -> dict[str, Any]:
    answer: dict[str, Any] = {"ok": False, "error": verdict.error}
    if verdict.messages:
        answer["response_metadata"] = {"messages": verdict.messages}
    return answer


def _with_warnings(answer: dict[str, Any], verdict: Verdict) -> dict[str, Any]:
    if verdict.warnings:
        answer["warning"] = ",".join(verdict.warnings)
        answer["response_metadata"] = {"warnings": verdict.warnings}
    return answer


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("1", "true")


def _response_url_id(response_url: str) -> str:
    if "/" not in response_url:
        return response_url
    return urlsplit(response_url).path.rstrip("/").rsplit("/", 1)[-1]


def _find_button(blocks: Any, action_id: str) -> tuple[str | None, str | None]:
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
