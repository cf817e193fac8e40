"""The attacks `sh` is tested with (test_shell_safety.py), typed into the browser terminal:
its websocket, served over real HTTP, to an exec'd shell in the same hardened container on
the real engine. The container holds each one; another learner's terminal stays quick
meanwhile; closing the page leaves nothing running."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.core.demo.service import DemoService
from tests.conftest import OURS
from tests.integration.shell_support import (
    ESCAPES,
    REFUSED,
    alice_and_bob,
    no_strays_on_the_host,
    processes,
)
from tests.integration.terminal_support import server, terminal, typed

pytestmark = pytest.mark.usefixtures("images", "leftovers")
SWEEP = 5.0
"""Time allowed after the page closes to end what its shell left."""
QUICK = 2.0
"""Another learner's echo comes back within this, whatever the attack."""


@pytest.fixture
def demos(engine: Any) -> Iterator[DemoService]:
    with alice_and_bob(engine) as demos:
        yield demos


Scenario = Callable[[aiohttp.ClientSession, str, Any], Awaitable[None]]


def against_the_server(demos: DemoService, engine: Any, scenario: Scenario) -> None:
    async def run() -> None:
        async with server(demos, engine) as (base, tokens), aiohttp.ClientSession() as http:
            await scenario(http, base, tokens)

    asyncio.run(run())


async def bob_meanwhile(
    http: aiohttp.ClientSession, base: str, tokens: Any, demos: DemoService, seconds: float
) -> list[float]:
    """Bob's terminal: an echo every quarter second for `seconds`; how long each took."""
    took: list[float] = []
    async with terminal(http, base, tokens, "bob", demos.current("bob").id) as ws:
        deadline = time.monotonic() + seconds
        n = 0
        while time.monotonic() < deadline:
            n += 1
            asked = time.monotonic()
            await typed(ws, "true", marker=str(n), timeout=QUICK * 2)
            took.append(time.monotonic() - asked)
            await asyncio.sleep(0.25)
    return took


def settled(engine: Any, container: str, words: tuple[str, ...]) -> list[str]:
    """Wait up to SWEEP for the container to hold none of `words`; what is left."""
    deadline = time.monotonic() + SWEEP
    while True:
        left = [line for line in processes(engine, container) if any(w in line for w in words)]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def pids_cgroup(main_pid: int) -> Path:
    """The container's pids cgroup on the host (v1's pids controller, or v2's one tree)."""
    for line in Path(f"/proc/{main_pid}/cgroup").read_text().splitlines():
        number, controllers, path = line.split(":", 2)
        if controllers == "pids":
            return Path("/sys/fs/cgroup/pids") / path.lstrip("/")
        if number == "0" and not controllers:
            found = Path("/sys/fs/cgroup") / path.lstrip("/")
    return found


def refused_forks(cgroup: Path) -> int:
    """How often the pids limit refused a fork in this cgroup (pids.events, `max N`)."""
    events = dict(line.split() for line in (cgroup / "pids.events").read_text().splitlines())
    return int(events["max"])


def test_a_fork_bomb_is_held_by_the_pids_limit_and_ended_when_the_page_closes(
    demos: DemoService, engine: Any
) -> None:
    ref = demos.current("alice")
    cgroup = pids_cgroup(ref.main_pid)
    limit = engine.api.inspect_container(ref.id)["HostConfig"]["PidsLimit"]
    assert (cgroup / "pids.max").read_text().strip() == str(limit)
    refused_before = refused_forks(cgroup)
    seen: list[int] = []

    async def scenario(http: aiohttp.ClientSession, base: str, tokens: Any) -> None:
        async with terminal(http, base, tokens, "alice", ref.id) as ws:
            await ws.send_str(json.dumps({"input": "b() { b | b & }; b\r"}))
            bob = asyncio.ensure_future(bob_meanwhile(http, base, tokens, demos, 4.0))
            while not bob.done():
                seen.append(int((cgroup / "pids.current").read_text()))
                await asyncio.sleep(0.05)
            assert max(await bob) < QUICK

    against_the_server(demos, engine, scenario)
    assert refused_forks(cgroup) > refused_before, "the bomb ran into the limit"
    assert max(seen) <= limit, seen
    assert not settled(engine, ref.id, ("/bin/sh", "b()"))
    assert demos.current("alice").state == "running"
    assert any("nginx: worker" in line for line in processes(engine, ref.id))
    assert len(engine.containers.list(all=True, filters=OURS)) == 2
    assert int((cgroup / "pids.current").read_text()) < 10


def test_a_yes_flood_leaves_others_quick_and_ends_with_the_page(
    demos: DemoService, engine: Any
) -> None:
    alice = demos.current("alice").id
    flooded: list[int] = []

    async def scenario(http: aiohttp.ClientSession, base: str, tokens: Any) -> None:
        async with terminal(http, base, tokens, "alice", alice) as ws:
            await ws.send_str(json.dumps({"input": "yes flood\r"}))
            bob = asyncio.ensure_future(bob_meanwhile(http, base, tokens, demos, 3.0))
            while not bob.done():
                message = await ws.receive(timeout=5)
                flooded.append(len(message.data) if isinstance(message.data, bytes) else 0)
            assert max(await bob) < QUICK

    against_the_server(demos, engine, scenario)
    assert sum(flooded) > 64 * 1024, "the flood reached the page"
    assert not settled(engine, alice, ("yes flood", "/bin/sh"))
    no_strays_on_the_host(("yes flood",), (alice,))


@pytest.mark.parametrize(
    "game",
    [
        "sleep 1000 & sleep 0.2; kill -STOP $!",  # a stopped child
        "setsid sh -c 'kill -STOP $$; sleep 1001' &",  # a stopped process in its own session
        "(trap '' TERM INT HUP; exec sleep 1002) &",  # ignores every signal that can be
        "nohup sleep 1003 >/dev/null 2>&1 &",
    ],
)
def test_what_the_shell_leaves_behind_ends_when_the_page_closes(
    demos: DemoService, engine: Any, game: str
) -> None:
    alice = demos.current("alice").id

    async def scenario(http: aiohttp.ClientSession, base: str, tokens: Any) -> None:
        async with terminal(http, base, tokens, "alice", alice) as ws:
            await typed(ws, game, marker="1")
            await asyncio.sleep(0.3)
            left = processes(engine, alice)
            assert any("sleep 10" in line for line in left), left

    against_the_server(demos, engine, scenario)
    assert not settled(engine, alice, ("sleep 10", "/bin/sh", "kill -STOP"))
    no_strays_on_the_host(("sleep 1000", "sleep 1001", "sleep 1002", "sleep 1003"), (alice,))
    assert demos.current("alice").state == "running"


def test_no_network_a_read_only_root_and_no_programs_from_tmp(
    demos: DemoService, engine: Any
) -> None:
    alice = demos.current("alice").id
    said: dict[str, str] = {}
    connect = (
        "perl -MIO::Socket::INET -e 'IO::Socket::INET->new("
        'PeerAddr => "93.184.216.34:80", Timeout => 2) or die "$!\\n"\''
    )

    async def scenario(http: aiohttp.ClientSession, base: str, tokens: Any) -> None:
        async with terminal(http, base, tokens, "alice", alice) as ws:
            said["net"] = await typed(ws, "echo nets-$(ls /sys/class/net | tr '\\n' ,)", marker="1")
            said["connect"] = await typed(ws, f"{connect}; echo status-$?", marker="2")
            said["root"] = await typed(
                ws, "echo x > /etc/owned; touch /usr/bin/owned; echo status-$?", marker="3"
            )
            said["tmp"] = await typed(
                ws, "cp /bin/true /tmp/t && /tmp/t; echo status-$?", marker="4"
            )

    against_the_server(demos, engine, scenario)
    assert re.findall(r"nets-([a-z0-9,]+)", said["net"]) == ["lo,"], said["net"]
    assert "Network is unreachable" in said["connect"] and "status-0" not in said["connect"]
    assert said["root"].count("Read-only file system") == 2 and "status-0" not in said["root"]
    assert "Permission denied" in said["tmp"] and "status-126" in said["tmp"]


@pytest.mark.parametrize(
    "attempt",
    ESCAPES,
)
def test_mount_chroot_and_unshare_are_refused(
    demos: DemoService, engine: Any, attempt: str
) -> None:
    alice = demos.current("alice").id
    said: list[str] = []

    async def scenario(http: aiohttp.ClientSession, base: str, tokens: Any) -> None:
        async with terminal(http, base, tokens, "alice", alice) as ws:
            said.append(await typed(ws, f"{attempt}; echo status-$?", marker="1"))

    against_the_server(demos, engine, scenario)
    assert "status-0" not in said[0] and "status-" in said[0].split(attempt)[-1], said[0]
    assert any(words in said[0] for words in REFUSED), said[0]


def test_the_terminal_sees_neither_the_host_nor_another_learners_container(
    demos: DemoService, engine: Any
) -> None:
    alice, bob = demos.current("alice"), demos.current("bob")
    said: dict[str, str] = {}

    async def scenario(http: aiohttp.ClientSession, base: str, tokens: Any) -> None:
        async with terminal(http, base, tokens, "bob", bob.id) as bobs:
            await typed(bobs, "echo bob-secret > /tmp/bob-note", marker="1")
            async with terminal(http, base, tokens, "alice", alice.id) as ws:
                said["ps"] = await typed(ws, "ps -eo pid,args", marker="2")
                said["host"] = await typed(ws, "hostname", marker="3")
                said["note"] = await typed(ws, "cat /tmp/bob-note", marker="4")
                said["probe"] = await typed(
                    ws, f"cat /proc/{bob.main_pid}/root/tmp/bob-note; echo status-$?", marker="5"
                )

    against_the_server(demos, engine, scenario)
    listed = said["ps"].split("ps -eo pid,args", 1)[1]
    assert "nginx: master process" in listed and " 1 nginx" in listed
    for outside in ("dockerd", "containerd", "systemd", "pytest", "sleep 3600"):
        assert outside not in listed, outside
    # its own hostname, not the host's; the typed-ahead marker command is echoed before the
    # shell runs `hostname`, so its output may follow the next prompt on the same line
    shown = [line.removeprefix("# ").strip() for line in said["host"].splitlines()]
    assert "nginx" in shown, said["host"]
    assert "bob-secret" not in said["note"] and "No such file" in said["note"]
    assert "bob-secret" not in said["probe"] and "status-0" not in said["probe"]


def test_closing_the_page_mid_fork_bomb_ends_it_even_when_the_freezer_cannot_freeze(
    demos: DemoService, engine: Any
) -> None:
    """Closed within a tenth of a second, the bomb is in full swing: the engine's freeze may
    fail ("unable to freeze"), and the sweep must still end every process it made."""
    alice = demos.current("alice").id
    left: list[list[str]] = []

    async def scenario(http: aiohttp.ClientSession, base: str, tokens: Any) -> None:
        for _ in range(8):
            async with terminal(http, base, tokens, "alice", alice) as ws:
                await ws.send_str(json.dumps({"input": "b() { b | b & }; b\r"}))
                await asyncio.sleep(0.1)
            loop = asyncio.get_running_loop()
            left.append(await loop.run_in_executor(None, settled, engine, alice, ("/bin/sh",)))

    against_the_server(demos, engine, scenario)
    assert left == [[]] * 8
    assert demos.current("alice").state == "running"
