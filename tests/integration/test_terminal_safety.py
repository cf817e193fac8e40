"""The browser terminal's websocket on the real engine: only the learner's own container,
tickets and links used once, and a closed session leaves nothing running."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.config import Settings
from bot.core.demo.service import DemoService
from bot.core.shell.terminal import TerminalService
from bot.sandbox.runner import DockerSandbox
from bot.sandbox.terminal import DockerTerminals
from bot.web.terminal import routes
from bot.web.tokens import Grant, TerminalTokens
from bot.wiring import course_from
from tests.integration.shell_support import processes, services

pytestmark = pytest.mark.usefixtures("images", "leftovers")


@pytest.fixture
def demos(engine: Any) -> Iterator[DemoService]:
    demos, _ = services(engine)
    demos.run("alice")
    demos.run("bob", "busybox")
    yield demos
    demos.clean("alice")
    demos.clean("bob")


@asynccontextmanager
async def server(demos: DemoService, engine: Any) -> AsyncIterator[tuple[str, TerminalTokens]]:
    tokens = TerminalTokens()
    terminals = TerminalService(
        course=course_from(Settings()),
        demos=demos,
        terminals=DockerTerminals(DockerSandbox(engine), {}),
    )
    app = web.Application()
    app.add_routes(routes(tokens=tokens, terminals=terminals))
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


def test_closing_the_page_ends_the_shell_and_what_it_left_behind(
    demos: DemoService, engine: Any
) -> None:
    alice = demos.current("alice")

    async def scenario() -> None:
        async with server(demos, engine) as (base, tokens), aiohttp.ClientSession() as http:
            ticket = await ticket_of(http, base, tokens.mint(Grant("alice", alice.id)))
            assert ticket is not None
            async with http.ws_connect(f"{base}/terminal/ws") as ws:
                await ws.send_str(json.dumps({"ticket": ticket}))
                await read_until(ws, "# ")
                await ws.send_str(json.dumps({"input": "sleep 1000 & setsid sleep 1001 &\r"}))
                await ws.send_str(json.dumps({"input": "echo started-$((1+1))\r"}))
                await read_until(ws, "started-2")
            await asyncio.sleep(0.5)

    asyncio.run(scenario())
    left = processes(engine, alice.id)
    assert not [line for line in left if "sleep" in line or "/bin/sh" in line], left
    assert any("nginx: worker" in line for line in left)


def test_a_link_reaches_only_its_learners_own_container_and_works_once(
    demos: DemoService, engine: Any
) -> None:
    bobs = demos.current("bob")

    async def scenario() -> None:
        async with server(demos, engine) as (base, tokens), aiohttp.ClientSession() as http:
            stolen = tokens.mint(Grant("alice", bobs.id))  # alice's link naming bob's container
            ticket = await ticket_of(http, base, stolen)
            assert ticket is not None
            async with http.ws_connect(f"{base}/terminal/ws") as ws:
                await ws.send_str(json.dumps({"ticket": ticket}))
                closing = await ws.receive(timeout=10)
                assert closing.type == aiohttp.WSMsgType.CLOSE and closing.data == 4403
            assert await ticket_of(http, base, stolen) is None  # the link is spent
            async with http.get(f"{base}/terminal/{stolen}") as again:
                assert again.status == 403
            async with http.ws_connect(f"{base}/terminal/ws") as ws:
                await ws.send_str(json.dumps({"ticket": ticket}))  # the ticket is spent too
                closing = await ws.receive(timeout=10)
                assert closing.type == aiohttp.WSMsgType.CLOSE and closing.data == 4403

    asyncio.run(scenario())
    assert not [line for line in processes(engine, bobs.id) if "/bin/sh" in line]
