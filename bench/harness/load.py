"""Signed slash commands sent from a child process, and how long each ack took.

The load runs in its own process (`python -m bench.harness.load`), so the stand-in answering
the servers' Web API calls in the bench's process does not slow the clock that times the
acks. Every request is signed like Slack (`v0=` HMAC-SHA256 of `v0:timestamp:body`) and
opens its own connection, as Slack's do.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
import psutil

from bench.harness.bare_app import COMMAND
from bench.harness.serving import READY_TIMEOUT, REPO, Server
from testkit.standin import ACK_DEADLINE_SECONDS, APP_ID, TEAM_DOMAIN, TEAM_ID, SlackStandIn, sign

REQUEST_TIMEOUT = 10.0


@dataclass(frozen=True)
class Sample:
    seconds: float
    status: int  # 0: no answer (timeout or connection error)
    acked: bool


@dataclass
class Measured:
    samples: list[Sample]
    wall: float
    cpu: dict[str, float]  # CPU seconds each server used during the load
    host_busy: float  # share of all the host's CPUs busy during the load, 0..1


def command_bodies(
    slack: SlackStandIn, *, text: str, users: Sequence[str], count: int
) -> list[str]:
    """Slash command form bodies with the fields Slack sends, users in turn; each has its own
    response URL and trigger id, registered with the stand-in (as its send_command does)."""
    channel = "C1"
    return [
        urlencode(
            {
                "token": slack.verification_token,
                "team_id": TEAM_ID,
                "team_domain": TEAM_DOMAIN,
                "channel_id": channel,
                "channel_name": "general",
                "user_id": users[index % len(users)],
                "user_name": users[index % len(users)].lower(),
                "command": COMMAND,
                "text": text,
                "api_app_id": APP_ID,
                "is_enterprise_install": "false",
                "response_url": slack.new_response_url(channel_id=channel),
                "trigger_id": slack.new_trigger_id(),
            }
        )
        for index in range(count)
    ]


def is_ack(status: int, seconds: float, body: bytes) -> bool:
    """HTTP 200 within Slack's three seconds, with a JSON body that has a `text`."""
    if status != 200 or seconds >= ACK_DEADLINE_SECONDS:
        return False
    try:
        answer = json.loads(body)
    except ValueError:
        return False
    return isinstance(answer, dict) and bool(answer.get("text"))


async def send_one(http: aiohttp.ClientSession, url: str, secret: str, body: str) -> Sample:
    """POST one command signed like Slack (`v0=` HMAC-SHA256 of `v0:timestamp:body`)."""
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": sign(secret, timestamp, body),
    }
    data = body.encode()
    started = time.perf_counter()
    try:
        async with http.post(url, data=data, headers=headers) as answer:
            raw = await answer.read()
            status = answer.status
    except (aiohttp.ClientError, TimeoutError):
        return Sample(time.perf_counter() - started, 0, False)
    seconds = time.perf_counter() - started
    return Sample(seconds, status, is_ack(status, seconds, raw))


async def load(url: str, secret: str, bodies: Sequence[str], concurrency: int) -> list[Sample]:
    """Every body once, `concurrency` in flight; one new connection per request (no
    keep-alive), as Slack does not reuse them either."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    samples: list[Sample] = []
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=True)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:

        async def worker() -> None:
            while not queue.empty():
                samples.append(await send_one(http, url, secret, queue.get_nowait()))

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return samples


def load_child() -> int:
    """Child process: the load generator, apart from the stand-in's process.

    Reads one job line (url, secret, concurrency, bodies) on stdin, answers `ready`, waits
    for `go`, sends, and writes one JSON line: the load's wall time and every sample.
    """
    job = json.loads(sys.stdin.readline())
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        return 1
    started = time.perf_counter()
    samples = asyncio.run(load(job["url"], job["secret"], job["bodies"], job["concurrency"]))
    wall = time.perf_counter() - started
    found = [[sample.seconds, sample.status, sample.acked] for sample in samples]
    print(json.dumps({"wall": wall, "samples": found}), flush=True)
    return 0


def run_load(
    slack: SlackStandIn,
    url: str,
    bodies: Sequence[str],
    concurrency: int,
    servers: Sequence[Server],
) -> Measured:
    """Send `bodies` from a load child process; CPU of `servers` over the load only."""
    limit = math.ceil(len(bodies) / concurrency) * REQUEST_TIMEOUT + READY_TIMEOUT
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(
            [sys.executable, "-m", "bench.harness.load"],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        assert child.stdin is not None and child.stdout is not None
        try:
            job = {
                "url": url,
                "secret": slack.signing_secret,
                "concurrency": concurrency,
                "bodies": list(bodies),
            }
            child.stdin.write(json.dumps(job) + "\n")
            child.stdin.flush()
            ready = child.stdout.readline().strip()
            cpu_before = {server.side: server.cpu_seconds() for server in servers}
            host_before = psutil.cpu_times()
            child.stdin.write("go\n")
            child.stdin.flush()
            line = child.stdout.readline() if ready == "ready" else ""
            cpu = {s.side: s.cpu_seconds() - cpu_before[s.side] for s in servers}
            host_busy = busy_share(host_before, psutil.cpu_times())
            child.wait(timeout=limit)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        if not line:
            errors.seek(0)
            tail = errors.read()[-1500:].decode("utf-8", errors="replace")
            raise RuntimeError(f"the load child failed ({child.returncode}):\n{tail}")
    found = json.loads(line)
    samples = [Sample(float(s), int(code), bool(ok)) for s, code, ok in found["samples"]]
    return Measured(samples=samples, wall=float(found["wall"]), cpu=cpu, host_busy=host_busy)


def busy_share(before: Any, after: Any) -> float:
    """How busy all the host's CPUs were between two `psutil.cpu_times()`, 0..1."""
    total = sum(after) - sum(before)
    idle = (after.idle - before.idle) + (getattr(after, "iowait", 0) - getattr(before, "iowait", 0))
    return max(0.0, 1 - idle / total) if total > 0 else math.nan


if __name__ == "__main__":
    argparse.ArgumentParser(
        prog="python -m bench.harness.load",
        description="The load child of `run_load`: one job on stdin, the samples on stdout.",
    ).parse_args()
    raise SystemExit(load_child())
