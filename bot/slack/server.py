"""Serve the app: HTTP on aiohttp (`POST /slack/events`, `GET /healthz`) or Socket Mode.

`serve` owns serving's whole life: signals, the GC freeze after start-up, the daily
review sender and the outbox sender beside the server, and on the way out, within 10 s
whatever is queued: stop taking work (1 s), tell the learners still queued for a demo, let
work in flight finish (5 s, then it is abandoned), close the worker, sweep every demo this
process made (in parallel), and only then close the HTTP session, so no reply is lost.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import Callable, Coroutine
from typing import Any

from aiohttp import ClientSession, web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from bot.slack.review_loop import with_reviews
from bot.slack.session import Session

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
SHUTDOWN_GRACE_SECONDS = 1.0
"""On SIGTERM, requests in flight get this long; idle keep-alive connections are not waited for."""
DRAIN_SECONDS = 5.0
"""Then answers and demos in flight get this long to finish (a demo starts in 1 to 3 s)."""


def serve(
    app: AsyncApp,
    session: Session,
    *,
    app_token: str | None,
    host: str,
    port: int,
    health: Callable[[], dict[str, object]],
    sweep: Callable[[], object],
) -> bool:
    """Serve until SIGTERM or SIGINT, then shut down in order; False if work was cut short.

    Socket Mode when `app_token` is given, else HTTP on `host:port`. `sweep` runs last,
    after demos being created have finished, so it sees (and removes) all of them.
    """
    gc.collect()
    gc.freeze()  # what start-up built lives as long as the process: keep it out of GC pauses
    if app_token is not None:
        serving = serve_socket_mode(app, app_token=app_token)
    else:
        serving = serve_http(app, host=host, port=port, health=health)
    swept = False

    def close_and_sweep() -> None:
        nonlocal swept
        sweep()  # first, so a VM boot still waiting for its guest ends at once
        session.close()  # let demos being created finish, so the second sweep sees them
        sweep()
        swept = True

    try:
        return asyncio.run(_until_stopped(serving, app, session, close_and_sweep))
    finally:
        if not swept:
            close_and_sweep()


async def _until_stopped(
    serving: Coroutine[Any, Any, None],
    app: AsyncApp,
    session: Session,
    close_and_sweep: Callable[[], None],
) -> bool:
    """Serve until a signal, handled by the loop so shutdown is orderly; then shut down."""
    pooled = _share_connections(app)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    quiz = session.tutor.quiz
    planner = quiz.planner if quiz is not None else None
    server = asyncio.ensure_future(
        with_reviews(serving, planner=planner, lookups=session.lookups, client=app.client)
    )
    stopping = asyncio.ensure_future(stop.wait())
    outbox = asyncio.ensure_future(session.send_kept(stop))
    try:
        await session.finish_interrupted()
        await asyncio.wait({server, stopping}, return_when=asyncio.FIRST_COMPLETED)
        return await _shut_down(server, stopping, session)
    finally:
        stop.set()
        await asyncio.gather(outbox, return_exceptions=True)
        log.info("stopping: removing this process's demos")
        await asyncio.to_thread(close_and_sweep)
        await pooled.close()  # last: replies sent while draining needed it


async def _shut_down(
    server: asyncio.Future[None], stopping: asyncio.Future[Any], session: Session
) -> bool:
    """Stop taking work, tell the queued learners, give work in flight a few seconds."""
    for task in (server, stopping):
        task.cancel()
    await asyncio.gather(server, stopping, return_exceptions=True)
    await session.stop_queue()
    try:  # let answers and demos in flight finish, within reason
        await asyncio.wait_for(session.drain(), timeout=DRAIN_SECONDS)
    except TimeoutError:
        log.warning("shutting down with work still in flight; its demos are removed")
        await session.finish_abandoned()
        return False
    return True


def web_app(app: AsyncApp, *, health: Callable[[], dict[str, object]]) -> web.Application:
    async def events(request: web.Request) -> web.Response:
        bolt_request = await to_bolt_request(request)
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    async def healthz(_request: web.Request) -> web.Response:
        status = health()
        return web.json_response(status, status=200 if status.get("ok") else 503)

    application = web.Application(client_max_size=1024 * 1024)
    application.add_routes([web.post(EVENTS_PATH, events), web.get("/healthz", healthz)])
    return application


async def serve_http(
    app: AsyncApp,
    *,
    host: str,
    port: int,
    health: Callable[[], dict[str, object]],
    ready: Callable[[int], None] = lambda _port: None,
) -> None:
    runner = web.AppRunner(
        web_app(app, health=health), access_log=None, shutdown_timeout=SHUTDOWN_GRACE_SECONDS
    )
    await runner.setup()
    site = web.TCPSite(runner, host=host, port=port)
    await site.start()
    bound = runner.addresses[0][1] if runner.addresses else port
    log.info("listening on http://%s:%s%s", host, bound, EVENTS_PATH)
    ready(int(bound))
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


async def serve_socket_mode(app: AsyncApp, *, app_token: str) -> None:
    handler = AsyncSocketModeHandler(app, app_token)
    log.info("connecting to Slack in Socket Mode")
    await handler.start_async()  # type: ignore[no-untyped-call]


def _share_connections(app: AsyncApp) -> ClientSession:
    """One connection pool for every Web API call (Bolt's per-request clients reuse it)."""
    session = ClientSession()
    app.client.session = session
    return session
