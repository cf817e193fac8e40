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
from bot.core.messages import say
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


def routes(
    *, tokens: TerminalTokens, terminals: TerminalService, idle_seconds: float
) -> list[web.RouteDef]:
    """`idle_seconds`: how long a terminal may go without a key pressed before it is closed
    (TERMINAL_IDLE_SECONDS), so a forgotten tab holds no shell."""
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
        await _session(ws, grant, terminals, idle_seconds=idle_seconds)
        return ws

    return [
        web.get("/terminal/static/{name}", asset),
        web.get("/terminal/ws", socket),
        web.get("/terminal/{token}", page),
    ]


ENDS = (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR)
"""What the page's socket says when it is gone."""


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


async def _session(
    ws: web.WebSocketResponse, grant: Grant, terminals: TerminalService, *, idle_seconds: float
) -> None:
    loop = asyncio.get_running_loop()
    try:
        opened = await loop.run_in_executor(None, terminals.shell, grant.learner)
    except (DemoError, SandboxError):
        await ws.close(code=4404, message=b"no running demo")
        return
    if opened.container.id != grant.container:
        await loop.run_in_executor(None, opened.tty.close)
        await ws.close(code=4403, message=b"another container")
        return
    log.info("browser terminal opened learner=%s", hashed(grant.learner))
    reader = asyncio.ensure_future(_to_browser(ws, opened))
    ended = "closed"
    try:
        if await _pump(loop, ws, opened, idle_seconds=idle_seconds):
            ended = "closed idle"
            await _tell_idle(ws, grant, idle_seconds)
    finally:
        await loop.run_in_executor(None, opened.tty.close)  # the sweep: engine calls
        await asyncio.gather(reader, return_exceptions=True)
        log.info("browser terminal %s learner=%s", ended, hashed(grant.learner))


async def _pump(
    loop: asyncio.AbstractEventLoop,
    ws: web.WebSocketResponse,
    opened: Opened,
    *,
    idle_seconds: float,
) -> bool:
    """Pass the browser's keys and sizes on until the page goes; True when no key came for
    `idle_seconds` (a resize is not a key: a forgotten tab still resizes with its window)."""
    last_key = loop.time()
    while not ws.closed:
        try:
            message = await ws.receive(timeout=max(0.0, last_key + idle_seconds - loop.time()))
        except TimeoutError:
            return True
        if message.type in ENDS:
            return False
        if message.type == WSMsgType.TEXT and await _from_browser(loop, opened, message.data):
            last_key = loop.time()
    return False


async def _tell_idle(ws: web.WebSocketResponse, grant: Grant, idle_seconds: float) -> None:
    """Say in the terminal itself why it closes, then close (4408: the page shows it ended)."""
    notice = say("tty_idle", grant.lang, seconds=f"{idle_seconds:g}")
    if not ws.closed:
        await ws.send_bytes(f"\r\n\r\n{notice}\r\n".encode())
        await ws.close(code=4408, message=b"idle")


async def _to_browser(ws: web.WebSocketResponse, opened: Opened) -> None:
    loop = asyncio.get_running_loop()
    while True:
        data = await loop.run_in_executor(None, opened.tty.receive)
        if not data:
            break
        await ws.send_bytes(data)
    await ws.close()


async def _from_browser(loop: asyncio.AbstractEventLoop, opened: Opened, text: str) -> bool:
    """Send keys to the terminal and apply a resize; True when keys were sent."""
    try:
        message = json.loads(text)
    except ValueError:
        return False
    if not isinstance(message, dict):
        return False
    typed = message.get("input")
    keys = isinstance(typed, str) and bool(typed)
    if keys:
        await loop.run_in_executor(None, opened.tty.send, str(typed).encode()[:4096])
    size = message.get("resize")
    if isinstance(size, list) and len(size) == 2 and all(isinstance(n, int) for n in size):
        rows, columns = (max(1, min(n, 500)) for n in size)
        await loop.run_in_executor(None, opened.tty.resize, rows, columns)
    return keys
