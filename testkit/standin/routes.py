"""The stand-in's HTTP side: the Web API, upload URLs and response URLs, as aiohttp routes.

Requests are parsed the way Slack parses them (query, form or JSON; JSON-encoded form fields
decoded; the token from the form or the `Authorization` header), queued faults answer first,
and every request is recorded in the call log with the answer it got.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from aiohttp import web

from .api import METHODS
from .limits import Verdict, check_message
from .records import RESPONSE_URL, UPLOAD
from .workspace import Fault, Workspace, truthy

# Form fields that slack_sdk sends as JSON-encoded strings.
JSON_FIELDS = ("blocks", "attachments", "view", "files", "metadata")


def build_app(ws: Workspace, *, bot_token: Callable[[], str]) -> web.Application:
    """The routes of `ws`; `bot_token` is read per request, so a test may change it."""
    routes = Routes(ws, bot_token=bot_token)
    app = web.Application(client_max_size=64 * 1024 * 1024)
    app.router.add_route("*", "/api/{method}", routes.api)
    app.router.add_post("/upload/{file_id}", routes.upload)
    app.router.add_post("/response/{rid}", routes.response_url)
    app.router.add_get("/link", routes.socket_mode)
    return app


class Routes:
    def __init__(self, ws: Workspace, *, bot_token: Callable[[], str]) -> None:
        self._ws = ws
        self._bot_token = bot_token

    async def api(self, request: web.Request) -> web.Response:
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

        with self._ws.lock:
            fault = self._ws.take_fault(method)
            limits = self._ws.rate_limits
            wait = limits.retry_after(method, str(args.get("channel", ""))) if limits else None
        if fault is None and wait is not None:
            fault = Fault(status=429, retry_after=wait, error="ratelimited", remaining=0)
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
            if self._ws.app_token is None or token != self._ws.app_token:
                return self._answer(method, args, {"ok": False, "error": "invalid_auth"})
            url = self._ws.base_url.replace("http://", "ws://", 1) + "/link"
            return self._answer(method, args, {"ok": True, "url": url})
        if token != self._bot_token():
            return self._answer(method, args, {"ok": False, "error": "invalid_auth"})
        handler = METHODS.get(method)
        if handler is None:
            return self._answer(
                method, args, {"ok": False, "error": "unknown_method", "req_method": method}
            )
        with self._ws.lock:
            result = handler(self._ws, args)
        return self._answer(method, args, result)

    async def socket_mode(self, request: web.Request) -> web.WebSocketResponse:
        """A Socket Mode connection: Slack says hello, then keeps it open."""
        ws = web.WebSocketResponse(heartbeat=None)
        await ws.prepare(request)
        with self._ws.lock:
            self._ws.sockets.append(ws)
        hello = {"type": "hello", "num_connections": 1, "debug_info": {"host": "standin"}}
        await ws.send_json(hello)
        self._ws.log.record("socket_mode.connect", {})
        async for _message in ws:  # acks from the app; nothing is sent through it yet
            pass
        return ws

    async def upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        data = await request.read()
        with self._ws.lock:
            pending = self._ws.files.get(file_id)
            fits = pending is not None and pending.length == len(data)
            if pending is not None and fits:
                self._ws.files[file_id] = replace(pending, data=data)
        args = {"file_id": file_id, "size": len(data)}
        if pending is None:
            self._ws.log.record(UPLOAD, args, status=404, error="file_not_found")
            return web.Response(status=404, text="file_not_found")
        if not fits:  # the bytes must be the `length` announced to getUploadURLExternal
            self._ws.log.record(UPLOAD, args, status=400, error="length_mismatch")
            return web.Response(status=400, text="length_mismatch")
        self._ws.log.record(UPLOAD, args)
        return web.Response(text=f"OK - {len(data)}")

    async def response_url(self, request: web.Request) -> web.Response:
        rid = request.match_info["rid"]
        try:
            body = json.loads(await request.text())
        except ValueError:
            body = None
        args: dict[str, Any] = {"response_url_id": rid}
        if not isinstance(body, dict):
            return self._answer_text(args, 400, "invalid_payload")
        args.update(body)
        ws = self._ws
        with ws.lock:
            entry = ws.response_urls.get(rid)
            if entry is None:
                return self._answer_text(args, 404, "no_such_response_url")
            entry.uses += 1
            if ws.response_url_max_uses is not None and entry.uses > ws.response_url_max_uses:
                return self._answer_text(args, 404, "used_url")
            verdict = check_message(body, require_content=not truthy(body.get("delete_original")))
            if not verdict.ok:
                return self._answer_text(args, 400, verdict.error or "invalid_payload", verdict)
            ws.apply_response(entry, body)
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
        self._ws.log.record(
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
        self._ws.log.record(
            RESPONSE_URL,
            args,
            status=status,
            error=None if status == 200 else text,
            warnings=tuple(verdict.warnings) if verdict else (),
            response={"messages": verdict.messages} if verdict and verdict.messages else {},
        )
        return web.Response(status=status, text=text)
