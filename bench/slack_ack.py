"""Ack latency of `/container-demo` at 50 concurrent slash commands: tutor vs. a bare Bolt app.

Both servers run as their own subprocess on 127.0.0.1 and get the same signed requests; a
local Slack stand-in (`testkit.standin`) in this process plays Slack's Web API for both:

- tutor: the real bot, started the way a user starts it,
  `python -m bot serve --host 127.0.0.1 --port P` with SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET
  and SLACK_API_URL pointing at the stand-in, DEMO_MAX_LIVE equal to the number of bench users
  who run demos, and DATABASE_URL on a throwaway SQLite file (the tutor keeps every learner it
  hears from; bench users must not land in a real progress store);
- bare: a minimal slack_bolt AsyncApp with the same signing secret and Web API base URL, one
  `/container-demo` listener that only acks with a short text, served on aiohttp the same way
  (`--bare-server PORT`, a child of this module).

The load comes from a child process (`--load-child`), so the stand-in answering the tutor's
Web API calls does not slow the clock that times the acks. It signs every request like Slack
(`v0=` HMAC-SHA256 of `v0:timestamp:body`) and opens one connection per request.

Two command mixes, each `--requests` commands per side with `--concurrency` in flight:

- `help`: answered inline in the ack (help blocks), no Docker; from 50 distinct users;
- `run busybox`: acked at once, the demo starts in the background in the learner's DM; from 10
  users, so at most 10 demos live (a second run replaces the user's demo). The ack must not
  wait on Docker, even while the engine is busy starting and removing demos. After the
  tutor's run load, the bare app is measured once more (`bare*`) while the tutor's demos are
  still being started: the same machine load, without the tutor's process.

Order: warm-up (50 `help` per side, not counted), then per mix bare before tutor, so the
tutor's demos never load the bare app's quiet rows.

An ack is an HTTP 200 within Slack's three seconds whose body is JSON with a `text`. Latency
is from sending the request to having read the whole answer. Per side and mix: sent, acked,
p50, p90, p99, max (nearest rank, ms), the server's CPU time per command and how busy the
host's CPUs were. The target: every request acked and tutor p99 / bare p99 <= 1.2 in each mix.
`--repeat N` runs the whole thing N times with fresh servers and reports medians.

At the end both servers get SIGTERM (then SIGKILL after a timeout) and every container
labelled `container-tutor` whose owner is a bench user is removed; the output says how many
were still there (it should be 0).

    python -m bench.slack_ack [--requests N] [--concurrency C] [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Any
from urllib.parse import urlencode

import aiohttp
import docker
import psutil

from bot.sandbox.recipes import RECIPES
from bot.sandbox.runner import LABEL, LABEL_OWNER
from testkit.standin import ACK_DEADLINE_SECONDS, APP_ID, TEAM_DOMAIN, TEAM_ID, SlackStandIn, sign

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
COMMAND = "/container-demo"
EVENTS_PATH = "/slack/events"
MIXES = {"help": "help", "run": "run busybox"}
SIDES = ("bare", "tutor")
HELP_USERS = tuple(f"UBENCHACKH{index:02d}" for index in range(50))
RUN_USERS = tuple(f"UBENCHACKR{index:02d}" for index in range(10))
MAX_RATIO = 1.2
REQUEST_TIMEOUT = 10.0
READY_TIMEOUT = 90.0
STOP_TIMEOUT = 30.0
SETTLE_SECONDS = 1.0
MAX_REQUESTS = 100_000
MAX_CONCURRENCY = 500
MAX_REPEAT = 50
BARE_ACK_TEXT = "ok"


# --------------------------------------------------------------------------- the bare app


def bare_server(port: int) -> int:
    """Child process: a bare Bolt AsyncApp that only acks, on aiohttp at HOST:port."""
    from aiohttp import web
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.async_app import AsyncAck, AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    token = os.environ["SLACK_BOT_TOKEN"]
    app = AsyncApp(
        client=AsyncWebClient(token=token, base_url=os.environ["SLACK_API_URL"]),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
    )

    @app.command(COMMAND)
    async def container_demo(ack: AsyncAck) -> None:
        await ack(response_type="ephemeral", text=BARE_ACK_TEXT)

    async def events(request: web.Request) -> web.Response:
        bolt_request = await to_bolt_request(request)
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def serve() -> None:
        application = web.Application(client_max_size=1024 * 1024)
        application.add_routes([web.post(EVENTS_PATH, events), web.get("/healthz", healthz)])
        runner = web.AppRunner(application, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host=HOST, port=port).start()
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass
    return 0


# --------------------------------------------------------------------------- servers


@dataclass
class Server:
    side: str
    process: subprocess.Popen[bytes]
    port: int
    log: IO[bytes]

    @property
    def events_url(self) -> str:
        return f"http://{HOST}:{self.port}{EVENTS_PATH}"

    @property
    def health_url(self) -> str:
        return f"http://{HOST}:{self.port}/healthz"

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far."""
        times = psutil.Process(self.process.pid).cpu_times()
        return float(times.user + times.system)

    def log_tail(self, size: int = 1500) -> str:
        self.log.flush()
        self.log.seek(0, os.SEEK_END)
        end = self.log.tell()
        self.log.seek(max(end - size, 0))
        return self.log.read().decode("utf-8", errors="replace")

    def log_lines(self) -> int:
        self.log.flush()
        self.log.seek(0)
        return sum(1 for _ in self.log)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def server_env(slack: SlackStandIn, scratch: Path) -> dict[str, str]:
    """The servers' environment: the stand-in's Slack, and a throwaway progress store (the
    tutor keeps every learner it hears from; the bench's users must not reach a real one)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SLACK_", "DEMO_")) and key not in ("DATABASE_URL", "PORT")
    }
    env.update(
        SLACK_BOT_TOKEN=slack.bot_token,
        SLACK_SIGNING_SECRET=slack.signing_secret,
        SLACK_API_URL=slack.api_url,
        DATABASE_URL=f"sqlite:///{scratch / 'progress.db'}",
        DEMO_MAX_LIVE=str(len(RUN_USERS)),
        PYTHONUNBUFFERED="1",
    )
    return env


def start_server(side: str, slack: SlackStandIn, scratch: Path) -> Server:
    port = free_port()
    if side == "tutor":
        args = ["-m", "bot", "serve", "--host", HOST, "--port", str(port)]
    else:
        args = ["-m", "bench.slack_ack", "--bare-server", str(port)]
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop_server
    process = subprocess.Popen(
        [sys.executable, *args],
        cwd=REPO,
        env=server_env(slack, scratch),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return Server(side=side, process=process, port=port, log=log)


def wait_ready(server: Server) -> dict[str, Any]:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"the {server.side} server exited ({server.process.returncode}) before it was "
                f"ready:\n{server.log_tail()}"
            )
        health = health_of(server)
        if health is not None:
            return health
        time.sleep(0.2)
    raise RuntimeError(f"the {server.side} server was not ready in {READY_TIMEOUT:.0f} s")


def health_of(server: Server) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(server.health_url, timeout=2) as answer:
            found = json.loads(answer.read())
            return found if isinstance(found, dict) else {}
    except (OSError, ValueError):
        return None


def stop_server(server: Server) -> str:
    """SIGTERM, then SIGKILL after STOP_TIMEOUT; how the process ended."""
    process = server.process
    try:
        if process.poll() is not None:
            return f"had exited ({process.returncode})"
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
            return f"exit {process.returncode} {time.monotonic() - started:.1f} s after SIGTERM"
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)
            return f"killed: still running {STOP_TIMEOUT:.0f} s after SIGTERM"
    finally:
        server.log.close()


def sweep() -> int:
    """Remove the tutor's containers owned by a bench user; how many were still there."""
    client = docker.from_env()
    found = 0
    try:
        for user in (*RUN_USERS, *HELP_USERS):
            for container in client.containers.list(
                all=True, filters={"label": [f"{LABEL_OWNER}={user}"]}, ignore_removed=True
            ):
                if LABEL not in container.labels:
                    continue
                found += 1
                try:
                    container.remove(force=True)
                except docker.errors.NotFound:
                    pass
    finally:
        client.close()
    return found


def live_bench_containers() -> int:
    client = docker.from_env()
    try:
        return sum(
            len(
                client.containers.list(
                    filters={"label": [LABEL, f"{LABEL_OWNER}={user}"]}, ignore_removed=True
                )
            )
            for user in RUN_USERS
        )
    finally:
        client.close()


def preflight() -> None:
    client = docker.from_env()
    try:
        client.ping()
        client.images.get(RECIPES["busybox"].tag)
    except docker.errors.ImageNotFound:
        raise SystemExit(
            f"{RECIPES['busybox'].tag} is not built; run `container-tutor images build` first"
        ) from None
    except docker.errors.DockerException as error:
        raise SystemExit(f"the Docker engine is not answering: {error}") from None
    finally:
        client.close()


# --------------------------------------------------------------------------- load


@dataclass(frozen=True)
class Sample:
    seconds: float
    status: int  # 0: no answer (timeout or connection error)
    acked: bool


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


@dataclass
class Measured:
    samples: list[Sample]
    wall: float
    cpu: dict[str, float]  # CPU seconds each server used during the load
    host_busy: float  # share of all the host's CPUs busy during the load, 0..1


def run_load(
    slack: SlackStandIn,
    url: str,
    bodies: Sequence[str],
    concurrency: int,
    servers: Sequence[Server],
) -> Measured:
    """Send `bodies` from a `--load-child` process; CPU of `servers` over the load only."""
    limit = math.ceil(len(bodies) / concurrency) * REQUEST_TIMEOUT + READY_TIMEOUT
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(
            [sys.executable, "-m", "bench.slack_ack", "--load-child"],
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
            host_busy = _busy(host_before, psutil.cpu_times())
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


def _busy(before: Any, after: Any) -> float:
    total = sum(after) - sum(before)
    idle = (after.idle - before.idle) + (getattr(after, "iowait", 0) - getattr(before, "iowait", 0))
    return max(0.0, 1 - idle / total) if total > 0 else math.nan


# --------------------------------------------------------------------------- statistics


def nearest_rank(ordered: Sequence[float], fraction: float) -> float:
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


def stats(measured: Measured, side: str) -> dict[str, Any]:
    samples = measured.samples
    ms = sorted(sample.seconds * 1000 for sample in samples)
    statuses: dict[str, int] = {}
    for sample in samples:
        key = str(sample.status) if sample.status else "no answer"
        statuses[key] = statuses.get(key, 0) + 1
    return {
        "sent": len(samples),
        "acked": sum(sample.acked for sample in samples),
        "statuses": statuses,
        "p50": round(nearest_rank(ms, 0.50), 1),
        "p90": round(nearest_rank(ms, 0.90), 1),
        "p99": round(nearest_rank(ms, 0.99), 1),
        "max": round(ms[-1], 1),
        "mean": round(sum(ms) / len(ms), 1),
        "wall_s": round(measured.wall, 2),
        "per_second": round(len(samples) / measured.wall, 1) if measured.wall else math.nan,
        "server_cpu_ms_per_request": round(measured.cpu[side] * 1000 / len(samples), 2),
        "host_cpu_busy_percent": round(measured.host_busy * 100),
    }


def ratio(top: float, bottom: float) -> float:
    return round(top / bottom, 2) if bottom else math.nan


# --------------------------------------------------------------------------- the whole bench


def phase(
    slack: SlackStandIn,
    servers: dict[str, Server],
    side: str,
    *,
    text: str,
    users: Sequence[str],
    args: argparse.Namespace,
) -> dict[str, Any]:
    server = servers[side]
    _say(f"{side}: {args.requests} × {text!r}, {args.concurrency} in flight")
    bodies = command_bodies(slack, text=text, users=users, count=args.requests)
    calls_before = len(slack.calls())
    measured = run_load(slack, server.events_url, bodies, args.concurrency, list(servers.values()))
    found = stats(measured, side)
    if side == "bare":
        # What the tutor was doing meanwhile (its demos from an earlier `run` load).
        found["tutor_busy"] = {
            "cpu_ms_per_s": round(measured.cpu["tutor"] * 1000 / measured.wall, 1),
            "web_api_calls": len(slack.calls()) - calls_before,
        }
    return found


def bench(args: argparse.Namespace) -> dict[str, Any]:
    token = "xoxb-bench-" + secrets.token_hex(8)
    result: dict[str, Any] = {
        "unit": "ms",
        "requests": args.requests,
        "concurrency": args.concurrency,
        "help_users": len(HELP_USERS),
        "run_users": len(RUN_USERS),
        "demo_max_live": len(RUN_USERS),
        "target": {"all_acked": True, "max_ratio_p99": MAX_RATIO},
        "mixes": {},
    }
    with (
        tempfile.TemporaryDirectory(prefix="bench-slack-ack-") as scratch,
        SlackStandIn(signing_secret=secrets.token_hex(16), bot_token=token) as slack,
    ):
        servers: dict[str, Server] = {}
        try:
            for side in SIDES:
                servers[side] = start_server(side, slack, Path(scratch))
            for side in SIDES:
                wait_ready(servers[side])
            _say(f"warm-up (not counted): {args.concurrency} × 'help' per side")
            for side in SIDES:
                bodies = command_bodies(
                    slack, text="help", users=HELP_USERS, count=args.concurrency
                )
                run_load(slack, servers[side].events_url, bodies, args.concurrency, [])
            log_lines_before = servers["tutor"].log_lines()
            for mix, text in MIXES.items():
                users = RUN_USERS if mix == "run" else HELP_USERS
                found: dict[str, Any] = {"text": text}
                for side in SIDES:  # bare first: the tutor's demos must not load the bare run
                    time.sleep(SETTLE_SECONDS)
                    found[side] = phase(slack, servers, side, text=text, users=users, args=args)
                if mix == "run":
                    health = health_of(servers["tutor"]) or {}
                    found["after_tutor_load"] = {
                        "tutor_demos_live": health.get("demos_live"),
                        "bench_containers_running": live_bench_containers(),
                        "dm_messages_posted": len(slack.calls("chat.postMessage")),
                        "dm_message_updates": len(slack.calls("chat.update")),
                    }
                    # The same machine load for the bare app: the tutor's demos go on.
                    found["bare_busy"] = phase(
                        slack, servers, "bare", text=text, users=users, args=args
                    )
                result["mixes"][mix] = found
            result["tutor_log_lines_during_load"] = servers["tutor"].log_lines() - log_lines_before
            result["web_api_calls"] = _count_methods(slack)
        finally:
            result["stopped"] = {side: stop_server(server) for side, server in servers.items()}
    return result


def _count_methods(slack: SlackStandIn) -> dict[str, int]:
    counts: dict[str, int] = {}
    for call in slack.calls():
        counts[call.method] = counts.get(call.method, 0) + 1
    return dict(sorted(counts.items()))


def add_verdict(result: dict[str, Any]) -> None:
    met_all = True
    for found in result["mixes"].values():
        bare, tutor = found["bare"], found["tutor"]
        all_acked = all(found[side]["acked"] == found[side]["sent"] for side in SIDES)
        found["ratio_p99"] = ratio(tutor["p99"], bare["p99"])
        found["ratio_p50"] = ratio(tutor["p50"], bare["p50"])
        if "bare_busy" in found:
            found["ratio_p99_vs_bare_busy"] = ratio(tutor["p99"], found["bare_busy"]["p99"])
        found["all_acked"] = all_acked
        found["target_met"] = all_acked and found["ratio_p99"] <= MAX_RATIO
        met_all = met_all and found["target_met"]
    result["target_met"] = met_all


ROW_LABELS = {"bare": "bare", "tutor": "tutor", "bare_busy": "bare*"}
MEDIAN_FIELDS = (
    "p50",
    "p90",
    "p99",
    "max",
    "mean",
    "wall_s",
    "per_second",
    "server_cpu_ms_per_request",
    "host_cpu_busy_percent",
)
RATIOS = ("ratio_p99", "ratio_p50", "ratio_p99_vs_bare_busy")


def combine(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One result from `--repeat` runs: counts are summed, every other number is the median
    of the runs (each run's ratios are kept too); the target holds when every command of
    every run was acked and the median p99 ratio is within the bound."""
    first = runs[0]
    keep = ("unit", "requests", "concurrency", "help_users", "run_users", "demo_max_live")
    combined: dict[str, Any] = {key: first[key] for key in keep}
    combined.update(target=first["target"], repeat=len(runs), mixes={})
    for mix, found in first["mixes"].items():
        merged: dict[str, Any] = {"text": found["text"]}
        for side in ROW_LABELS:
            if side not in found:
                continue
            rows = [run["mixes"][mix][side] for run in runs]
            statuses: dict[str, int] = {}
            for row in rows:
                for status, count in row["statuses"].items():
                    statuses[status] = statuses.get(status, 0) + count
            merged[side] = {
                "sent": sum(row["sent"] for row in rows),
                "acked": sum(row["acked"] for row in rows),
                "statuses": statuses,
                **{field: statistics.median(row[field] for row in rows) for field in MEDIAN_FIELDS},
            }
            if "tutor_busy" in rows[0]:
                merged[side]["tutor_busy"] = {
                    key: statistics.median(row["tutor_busy"][key] for row in rows)
                    for key in rows[0]["tutor_busy"]
                }
        for key in RATIOS:
            if key in found:
                each = [run["mixes"][mix][key] for run in runs]
                merged[key] = statistics.median(each)
                merged[f"{key}_each_run"] = each
        merged["all_acked"] = all(run["mixes"][mix]["all_acked"] for run in runs)
        merged["target_met"] = merged["all_acked"] and merged["ratio_p99"] <= MAX_RATIO
        combined["mixes"][mix] = merged
    combined["target_met"] = all(found["target_met"] for found in combined["mixes"].values())
    combined["swept"] = sum(run["swept"] for run in runs)
    combined["runs"] = list(runs)
    return combined


# --------------------------------------------------------------------------- output


def table(result: dict[str, Any]) -> str:
    repeat = result["repeat"]
    lines = [
        f"/container-demo ack latency: tutor (`python -m bot serve`) vs bare Bolt AsyncApp, "
        f"{result['requests']} signed commands per row, {result['concurrency']} in flight"
        + (f"; median of {repeat} runs (sent/acked: sums)" if repeat > 1 else ""),
        "latencies in ms; cpu/req: the server's CPU ms per command; host: all CPUs busy",
        "",
        f"{'mix':<13}{'side':<7}{'sent':>6}{'acked':>7}{'p50':>9}{'p90':>9}{'p99':>9}"
        f"{'max':>9}{'req/s':>8}{'cpu/req':>9}{'host':>6}",
    ]
    for found in result["mixes"].values():
        for side, label in ROW_LABELS.items():
            if side not in found:
                continue
            row = found[side]
            lines.append(
                f"{found['text']:<13}{label:<7}{row['sent']:>6}{row['acked']:>7}"
                f"{row['p50']:>9.1f}{row['p90']:>9.1f}{row['p99']:>9.1f}{row['max']:>9.1f}"
                f"{row['per_second']:>8.1f}{row['server_cpu_ms_per_request']:>9.2f}"
                f"{row['host_cpu_busy_percent']:>5.0f}%"
            )
        not_ok = {
            side: found[side]["statuses"]
            for side in SIDES
            if found[side]["acked"] != found[side]["sent"]
        }
        each = found.get("ratio_p99_each_run", [])
        lines.append(
            f"{'':<13}tutor/bare p99 {found['ratio_p99']:.2f} (p50 {found['ratio_p50']:.2f}), "
            f"all acked: {'yes' if found['all_acked'] else 'no'}, "
            f"target {'met' if found['target_met'] else 'MISSED'}"
            + (f", statuses {not_ok}" if not_ok else "")
            + (f"; p99 ratio of each run {each}" if len(each) > 1 else "")
        )
        if "bare_busy" in found:
            busy = found["bare_busy"]["tutor_busy"]
            lines.append(
                f"{'':<13}bare* = bare again right after, while the tutor's demos go on "
                f"(tutor {busy['cpu_ms_per_s']:.0f} ms CPU/s, {busy['web_api_calls']:.0f} Web "
                f"API calls); tutor/bare* p99 {found['ratio_p99_vs_bare_busy']:.2f}"
            )
    lines.append("")
    for index, run in enumerate(result["runs"], start=1):
        prefix = f"run {index}: " if repeat > 1 else ""
        after = run["mixes"].get("run", {}).get("after_tutor_load")
        if after:
            lines.append(
                f"{prefix}right after the tutor's run load: {after['tutor_demos_live']} demos "
                f"live ({after['bench_containers_running']} bench containers running), "
                f"{after['dm_messages_posted']} DM messages posted, "
                f"{after['dm_message_updates']} updates"
            )
        lines += [
            f"{prefix}tutor log lines during the measured loads: "
            f"{run['tutor_log_lines_during_load']}",
            f"{prefix}Web API calls the servers made: {run['web_api_calls']}",
            f"{prefix}servers stopped: {run['stopped']}",
        ]
    lines += [
        f"bench containers left behind and swept at the end: {result['swept']}",
        "",
        f"target (every request acked, tutor p99 <= {MAX_RATIO} x bare p99, in each mix): "
        + ("met" if result["target_met"] else "MISSED"),
    ]
    return "\n".join(lines)


def _say(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


def _exit_on_term(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # so the servers are stopped and the demos swept


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.slack_ack", description=__doc__)
    parser.add_argument(
        "--requests", type=int, default=300, help="commands per side and mix (default 300)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=50, help="commands in flight (default 50)"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="whole runs, fresh servers each (default 1)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--bare-server", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--load-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bare_server is not None:
        return bare_server(args.bare_server)
    if args.load_child:
        return load_child()
    if not 1 <= args.requests <= MAX_REQUESTS:
        parser.error(f"--requests must be between 1 and {MAX_REQUESTS}")
    if not 1 <= args.concurrency <= MAX_CONCURRENCY:
        parser.error(f"--concurrency must be between 1 and {MAX_CONCURRENCY}")
    if not 1 <= args.repeat <= MAX_REPEAT:
        parser.error(f"--repeat must be between 1 and {MAX_REPEAT}")
    signal.signal(signal.SIGTERM, _exit_on_term)
    os.chdir(REPO)
    preflight()
    runs: list[dict[str, Any]] = []
    for index in range(args.repeat):
        if args.repeat > 1:
            _say(f"run {index + 1}/{args.repeat}")
        result: dict[str, Any] = {}
        try:
            result = bench(args)
        finally:
            result["swept"] = sweep()
        add_verdict(result)
        runs.append(result)
    combined = combine(runs)
    print(json.dumps(combined, indent=2) if args.json else table(combined))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
