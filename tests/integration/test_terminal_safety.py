"""The browser terminal's websocket on the real engine: only the learner's own container,
tickets and links used once, and a closed session leaves nothing running."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from bot.core.demo.service import DemoService
from bot.web.tokens import Grant
from tests.integration.shell_support import processes, services
from tests.integration.terminal_support import read_until, server, ticket_of

pytestmark = pytest.mark.usefixtures("images", "leftovers")


@pytest.fixture
def demos(engine: Any) -> Iterator[DemoService]:
    demos, _ = services(engine)
    demos.run("alice")
    demos.run("bob", "busybox")
    yield demos
    demos.clean("alice")
    demos.clean("bob")


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
