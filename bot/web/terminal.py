"""The browser terminal's routes: the page behind a link, its assets, and its websocket.

`GET /terminal/{token}` spends the link's token (or answers a plain 403 page) and returns a
page whose only scripts are xterm.js (the npm package `@xterm/xterm`, found by
`bot.web.assets` in the checkout or the installed wheel, served from here: no CDN) and
`terminal.js`, under a strict Content-Security-Policy. The page's websocket presents its
one-time ticket first; then the bytes of a shell started by exec with a TTY in that
learner's container flow both ways.
The access log is off and nothing here logs a token or a ticket.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging

from aiohttp import WSMessage, WSMsgType, web

from bot.core.demo.ports import SandboxError
from bot.core.demo.service import DemoError
from bot.core.shell.service import hashed
from bot.core.shell.terminal import Opened, TerminalService
from bot.web.assets import assets
from bot.web.tokens import Grant, TerminalTokens

log = logging.getLogger(__name__)
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>container-tutor: {name}</title>
<link rel="stylesheet" href="/terminal/static/xterm.css">
</head>
<body data-ticket="{ticket}" data-state="connecting">
<p>A shell in your demo container <code>{name}</code>, started with exec.
<span id="status">connecting</span></p>
<div id="terminal"></div>
<script src="/terminal/static/xterm.js"></script>
<script src="/terminal/static/terminal.js"></script>
</body></html>
"""
REFUSED = (
    '<!doctype html><html><head><meta charset="utf-8"><title>403</title></head><body>'
    "<h1>403</h1><p>This terminal link has expired, was used already, or is not valid. "
    "Ask the tutor in Slack for a new one.</p></body></html>"
)


def routes(*, tokens: TerminalTokens, terminals: TerminalService) -> list[web.RouteDef]:
    files = assets()

    async def page(request: web.Request) -> web.Response:
        grant = tokens.redeem(request.match_info["token"])
        if grant is None:
            return _refused()
        ticket = tokens.ticket(grant)
        body = PAGE.format(ticket=html.escape(ticket), name=html.escape(grant.container[:12]))
        return web.Response(text=body, content_type="text/html", headers=HEADERS)

    async def asset(request: web.Request) -> web.StreamResponse:
        found = files.get(request.match_info["name"])
        if found is None or not found[0].is_file():
            raise web.HTTPNotFound()
        path, kind = found
        return web.Response(body=path.read_bytes(), content_type=kind, headers=HEADERS)

    async def socket(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=30, max_msg_size=64 * 1024)
        await ws.prepare(request)
        first = await ws.receive(timeout=10)
        grant = _ticket_grant(tokens, first)
        if grant is None:
            await ws.close(code=4403, message=b"refused")
            return ws
        await _session(ws, grant, terminals)
        return ws

    return [
        web.get("/terminal/static/{name}", asset),
        web.get("/terminal/ws", socket),
        web.get("/terminal/{token}", page),
    ]


def _refused() -> web.Response:
    return web.Response(status=403, text=REFUSED, content_type="text/html", headers=HEADERS)


def _ticket_grant(tokens: TerminalTokens, message: WSMessage) -> Grant | None:
    if message.type != WSMsgType.TEXT:
        return None
    try:
        ticket = str(json.loads(message.data).get("ticket", ""))
    except (ValueError, AttributeError):
        return None
    return tokens.take_ticket(ticket)


async def _session(ws: web.WebSocketResponse, grant: Grant, terminals: TerminalService) -> None:
    loop = asyncio.get_running_loop()
    try:
        opened = await loop.run_in_executor(None, terminals.shell, grant.learner)
    except (DemoError, SandboxError):
        await ws.close(code=4404, message=b"no running demo")
        return
    if opened.container.id != grant.container:
        opened.tty.close()
        await ws.close(code=4403, message=b"another container")
        return
    log.info("browser terminal opened learner=%s", hashed(grant.learner))
    reader = asyncio.ensure_future(_to_browser(ws, opened))
    try:
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                continue
            await _from_browser(loop, opened, message.data)
    finally:
        opened.tty.close()
        await asyncio.gather(reader, return_exceptions=True)
        log.info("browser terminal closed learner=%s", hashed(grant.learner))


async def _to_browser(ws: web.WebSocketResponse, opened: Opened) -> None:
    loop = asyncio.get_running_loop()
    while True:
        data = await loop.run_in_executor(None, opened.tty.receive)
        if not data:
            break
        await ws.send_bytes(data)
    await ws.close()


async def _from_browser(loop: asyncio.AbstractEventLoop, opened: Opened, text: str) -> None:
    try:
        message = json.loads(text)
    except ValueError:
        return
    if not isinstance(message, dict):
        return
    typed = message.get("input")
    if isinstance(typed, str) and typed:
        await loop.run_in_executor(None, opened.tty.send, typed.encode()[:4096])
    size = message.get("resize")
    if isinstance(size, list) and len(size) == 2 and all(isinstance(n, int) for n in size):
        rows, columns = (max(1, min(n, 500)) for n in size)
        await loop.run_in_executor(None, opened.tty.resize, rows, columns)
