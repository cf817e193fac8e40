"""`/healthz`, `/readyz` and `/metrics`: on the HTTP server, or on their own in Socket Mode.

Liveness says the process still answers; readiness asks the engine, the database and Slack
(`bot.health.Readiness`); metrics are the process's Prometheus registry. Socket Mode serves
no HTTP of its own (the bot dials out to Slack), so there these routes get a small server
on `HEALTH_PORT`, which the image's HEALTHCHECK and an orchestrator can reach.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.health import Check, Readiness
from bot.metrics import CONTENT_TYPE, Metrics

log = logging.getLogger(__name__)


class SlackRefused(Exception):
    """Slack answered, and said no: its error code is the whole story."""


@dataclass(frozen=True)
class Probes:
    live: Callable[[], dict[str, object]]
    readiness: Readiness
    metrics: Metrics


def routes(probes: Probes) -> list[web.RouteDef]:
    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True, **probes.live()})

    async def readyz(_request: web.Request) -> web.Response:
        report = await probes.readiness.report()
        return web.json_response(report, status=200 if report["ready"] else 503)

    async def metrics(_request: web.Request) -> web.Response:
        body = probes.metrics.render()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})

    return [web.get("/healthz", healthz), web.get("/readyz", readyz), web.get("/metrics", metrics)]


async def start_probe_server(probes: Probes, *, host: str, port: int) -> web.AppRunner:
    """The probes alone on `host:port` (Socket Mode); the caller cleans the runner up."""
    application = web.Application()
    application.add_routes(routes(probes))
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host=host, port=port).start()
    except BaseException:
        await runner.cleanup()
        raise
    log.info("health and metrics on http://%s:%s/readyz", host, port)
    return runner


def slack_auth_check(*, token: str, base_url: str) -> Check:
    """Slack still accepts the bot token: one `auth.test`, not retried (readiness needs an
    honest answer now, not one in a minute)."""
    client = AsyncWebClient(token=token, base_url=base_url, timeout=3)
    client.retry_handlers.clear()

    async def check() -> None:
        try:
            await client.auth_test()
        except SlackApiError as error:
            raise SlackRefused(f"auth.test answered {error.response.get('error')}") from None

    return check
