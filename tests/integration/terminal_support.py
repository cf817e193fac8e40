"""The browser terminal's routes served over real HTTP on the real engine, and a client that
types into its websocket: for the terminal's safety tests."""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from aiohttp import web

from bot.config import Settings
from bot.core.demo.service import DemoService
from bot.core.lang import Lang
from bot.core.shell.terminal import TerminalService
from bot.sandbox.runner import DockerSandbox
from bot.sandbox.terminal import DockerTerminals
from bot.web.terminal import routes
from bot.web.tokens import Grant, TerminalTokens
from bot.wiring import course_from

PROMPT = "# "


@asynccontextmanager
async def server(
    demos: DemoService, engine: Any, *, idle_seconds: float = 600
) -> AsyncIterator[tuple[str, TerminalTokens]]:
    tokens = TerminalTokens()
    terminals = TerminalService(
        course=course_from(Settings()),
        demos=demos,
        terminals=DockerTerminals(DockerSandbox(engine), {}),
    )
    app = web.Application()
    app.add_routes(routes(tokens=tokens, terminals=terminals, idle_seconds=idle_seconds))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}", tokens
    finally:
        await runner.cleanup()


async def ticket_of(http: aiohttp.ClientSession, base: str, token: str) -> str | None:
    async with http.get(f"{base}/terminal/{token}") as page:
        found = re.search(r'data-ticket="([^"]+)"', await page.text())
        return found.group(1) if page.status == 200 and found else None


async def read_until(ws: aiohttp.ClientWebSocketResponse, wanted: str, timeout: float = 10) -> str:
    seen = ""
    deadline = time.monotonic() + timeout
    while wanted not in seen:
        message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
        if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
            raise AssertionError(f"closed before {wanted!r}: {seen!r}")
        seen += message.data.decode(errors="replace") if isinstance(message.data, bytes) else ""
    return seen


@asynccontextmanager
async def terminal(
    http: aiohttp.ClientSession,
    base: str,
    tokens: TerminalTokens,
    learner: str,
    container: str,
    lang: Lang = "en",
) -> AsyncIterator[aiohttp.ClientWebSocketResponse]:
    """A learner's link opened as the page opens it: the ticket first, then the prompt."""
    ticket = await ticket_of(http, base, tokens.mint(Grant(learner, container, lang)))
    assert ticket is not None
    async with http.ws_connect(f"{base}/terminal/ws") as ws:
        await ws.send_str(json.dumps({"ticket": ticket}))
        await read_until(ws, PROMPT)
        yield ws


async def typed(
    ws: aiohttp.ClientWebSocketResponse, line: str, *, marker: str, timeout: float = 10
) -> str:
    """Type `line`, then an echo whose output (not its echoed input) is `done-<marker>`;
    what the terminal printed in between."""
    await ws.send_str(json.dumps({"input": f"{line}\r"}))
    await ws.send_str(json.dumps({"input": f"echo done-$((0+{marker}))\r"}))
    return await read_until(ws, f"done-{marker}", timeout=timeout)
