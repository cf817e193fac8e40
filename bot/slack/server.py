"""Serve the app: HTTP on aiohttp (`POST /slack/events`, `GET /healthz`) or Socket Mode."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

from aiohttp import ClientSession, web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
SHUTDOWN_GRACE_SECONDS = 3.0
"""On SIGTERM, requests in flight get this long; idle keep-alive connections are not waited for."""


def web_app(
    app: AsyncApp,
    *,
    health: Callable[[], dict[str, object]],
    routes: Sequence[web.RouteDef] = (),
) -> web.Application:
    async def events(request: web.Request) -> web.Response:
        bolt_request = await to_bolt_request(request)
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    async def healthz(_request: web.Request) -> web.Response:
        status = health()
        return web.json_response(status, status=200 if status.get("ok") else 503)

    application = web.Application(client_max_size=1024 * 1024)
    application.add_routes([web.post(EVENTS_PATH, events), web.get("/healthz", healthz)])
    application.add_routes(routes)  # the browser terminal's pages, when it is on
    return application


async def serve_http(
    app: AsyncApp,
    *,
    host: str,
    port: int,
    health: Callable[[], dict[str, object]],
    ready: Callable[[int], None] = lambda _port: None,
    routes: Sequence[web.RouteDef] = (),
) -> None:
    runner = web.AppRunner(
        web_app(app, health=health, routes=routes),
        access_log=None,
        shutdown_timeout=SHUTDOWN_GRACE_SECONDS,
    )
    await runner.setup()
    pooled = _share_connections(app)
    site = web.TCPSite(runner, host=host, port=port)
    await site.start()
    bound = runner.addresses[0][1] if runner.addresses else port
    log.info("listening on http://%s:%s%s", host, bound, EVENTS_PATH)
    ready(int(bound))
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        await pooled.close()


async def serve_socket_mode(app: AsyncApp, *, app_token: str) -> None:
    handler = AsyncSocketModeHandler(app, app_token)
    pooled = _share_connections(app)
    log.info("connecting to Slack in Socket Mode")
    try:
        await handler.start_async()  # type: ignore[no-untyped-call]
    finally:
        await pooled.close()


def _share_connections(app: AsyncApp) -> ClientSession:
    """One connection pool for every Web API call (Bolt's per-request clients reuse it)."""
    session = ClientSession()
    app.client.session = session
    return session
