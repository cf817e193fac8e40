"""The browser terminal's websocket on the real engine: only the learner's own container,
tickets and links used once, and a closed session leaves nothing running."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest

from bot.core.demo.service import DemoService
from bot.core.messages import say
from bot.web.tokens import Grant
from tests.integration.shell_support import alice_and_bob, processes
from tests.integration.terminal_support import read_until, server, terminal, ticket_of, typed

pytestmark = pytest.mark.usefixtures("images", "leftovers")


@pytest.fixture
def demos(engine: Any) -> Iterator[DemoService]:
    with alice_and_bob(engine) as demos:
        yield demos


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


IDLE = 2.0


def test_an_idle_terminal_says_why_and_closes_leaving_nothing_running(
    demos: DemoService, engine: Any
) -> None:
    """No key for IDLE seconds (resizes do not count): the learner is told in the terminal,
    in their language, then the page's socket closes and the shell's leftovers are ended."""
    alice = demos.current("alice")
    heard: list[str] = []
    timing: list[float] = []

    async def scenario() -> None:
        async with (
            server(demos, engine, idle_seconds=IDLE) as (base, tokens),
            aiohttp.ClientSession() as http,
            terminal(http, base, tokens, "alice", alice.id, lang="zh") as ws,
        ):
            last_key = time.monotonic()  # the server has the last key after this
            await typed(ws, "sleep 1000 &", marker="1")
            while True:
                await ws.send_str(json.dumps({"resize": [30, 100]}))
                try:
                    message = await ws.receive(timeout=0.5)
                except TimeoutError:
                    continue
                if message.type == aiohttp.WSMsgType.BINARY:
                    heard.append(message.data.decode(errors="replace"))
                elif message.type == aiohttp.WSMsgType.CLOSE:
                    timing.append(time.monotonic() - last_key)
                    assert message.data == 4408
                    return

    asyncio.run(scenario())
    assert IDLE <= timing[0] < IDLE + 1.5, timing
    assert say("tty_idle", "zh", seconds="2") in "".join(heard).replace("\r\n", "")
    assert not [
        line for line in processes(engine, alice.id) if "sleep" in line or "/bin/sh" in line
    ]
    assert demos.current("alice").state == "running"


def test_keys_keep_a_terminal_open_past_the_idle_time(demos: DemoService, engine: Any) -> None:
    alice = demos.current("alice")

    async def scenario() -> None:
        async with (
            server(demos, engine, idle_seconds=IDLE) as (base, tokens),
            aiohttp.ClientSession() as http,
            terminal(http, base, tokens, "alice", alice.id) as ws,
        ):
            for n in range(1, 6):  # a key every second, for longer than IDLE twice
                await typed(ws, ":", marker=str(n))
                await asyncio.sleep(1.0)
            assert "done-6" in await typed(ws, "true", marker="6")

    asyncio.run(scenario())
