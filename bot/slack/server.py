"""Serve the app: HTTP on aiohttp (`POST /slack/events` and the probes) or Socket Mode
(with the probes on `HEALTH_PORT`).

`serve` owns serving's whole life: the start-up token check, signals, the GC freeze after
start-up, the daily review sender and the outbox sender beside the server, and on the way
out, within 10 s whatever is queued: stop taking work (1 s), tell the learners still queued
for a demo, let work in flight finish (5 s, then it is abandoned), close the worker, sweep
every demo this process made (in parallel), and only then close the HTTP session, so no
reply is lost. Anything that stops it from serving (a rejected token, a port in use) is a
`StartupError`, never a quiet exit.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import Callable, Coroutine, Sequence
from typing import Any

from aiohttp import ClientSession, web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError

from bot.slack.gate import MAX_BODY_BYTES, Gate
from bot.slack.probes import Probes, routes, start_probe_server
from bot.slack.review_loop import with_reviews
from bot.slack.session import Session
from bot.slack.startup import REJECTED, StartupError, TokenCheck

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
    health_port: int,
    probes: Probes,
    signing_secret: str | None,
    token_check: TokenCheck,
    sweep: Callable[[], object],
    pages: Sequence[web.RouteDef] = (),
) -> bool:
    """Serve until SIGTERM or SIGINT, then shut down in order; False if work was cut short.

    Socket Mode when `app_token` is given, else HTTP on `host:port` (with `pages` beside
    Slack's, such as the browser terminal's). `sweep` runs last, after demos being created
    have finished, so it sees (and removes) all of them. Raises StartupError when Slack
    rejects the token or serving cannot start.
    """
    gc.collect()
    gc.freeze()  # what start-up built lives as long as the process: keep it out of GC pauses
    serving: Coroutine[Any, Any, None]
    if app_token is not None:
        serving = serve_socket_mode(
            app, app_token=app_token, probes=probes, host=host, health_port=health_port
        )
    else:
        serving = serve_http(
            app, host=host, port=port, probes=probes, signing_secret=signing_secret, pages=pages
        )
    swept = False

    def close_and_sweep() -> None:
        nonlocal swept
        sweep()  # first, so a VM boot still waiting for its guest ends at once
        session.close()  # let demos being created finish, so the second sweep sees them
        sweep()
        swept = True

    try:
        return asyncio.run(_until_stopped(serving, app, session, token_check, close_and_sweep))
    finally:
        if not swept:
            close_and_sweep()


async def _until_stopped(
    serving: Coroutine[Any, Any, None],
    app: AsyncApp,
    session: Session,
    token_check: TokenCheck,
    close_and_sweep: Callable[[], None],
) -> bool:
    """Serve until a signal, handled by the loop so shutdown is orderly; then shut down."""
    pooled = _share_connections(app)
    try:
        await token_check.verify()
    except StartupError:
        serving.close()
        await pooled.close()
        raise
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
    shared = asyncio.ensure_future(session.share_work(app.client, stop))
    try:
        await session.finish_interrupted()
        await asyncio.wait({server, stopping}, return_when=asyncio.FIRST_COMPLETED)
        failed = _why_it_stopped(server)
        if failed is not None:
            stopping.cancel()
            raise StartupError(failed)
        return await _shut_down(server, stopping, session)
    finally:
        stop.set()
        await asyncio.gather(outbox, shared, return_exceptions=True)
        await session.leave()
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


def _why_it_stopped(server: asyncio.Future[None]) -> str | None:
    """Serving ends only on a signal: if it ended first, say why (a port in use…)."""
    if not server.done() or server.cancelled():
        return None
    error = server.exception()
    if error is None:
        return "serving stopped on its own"
    if isinstance(error, StartupError):
        return str(error)
    if isinstance(error, SlackApiError):
        return f"could not serve: Slack answered {error.response.get('error')}"
    return "could not serve: " + " ".join(str(error).split())[:300]


def web_app(
    app: AsyncApp,
    *,
    probes: Probes,
    signing_secret: str | None,
    pages: Sequence[web.RouteDef] = (),
) -> web.Application:
    """Events go through the gate (4xx for what Bolt cannot parse), then to Bolt; `pages`
    (the browser terminal's, when it is on) are served beside them."""
    gate = Gate(signing_secret)

    async def events(request: web.Request) -> web.Response:
        body, refused = await gate.check(request)
        if refused is not None:
            return refused
        bolt_request = AsyncBoltRequest(
            body=body,
            query=request.query_string,
            headers=request.headers,  # type: ignore[arg-type]
        )
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    application = web.Application(client_max_size=MAX_BODY_BYTES)
    application.add_routes([web.post(EVENTS_PATH, events), *routes(probes), *pages])
    return application


async def serve_http(
    app: AsyncApp,
    *,
    host: str,
    port: int,
    probes: Probes,
    signing_secret: str | None,
    ready: Callable[[int], None] = lambda _port: None,
    pages: Sequence[web.RouteDef] = (),
) -> None:
    runner = web.AppRunner(
        web_app(app, probes=probes, signing_secret=signing_secret, pages=pages),
        access_log=None,
        shutdown_timeout=SHUTDOWN_GRACE_SECONDS,
    )
    await runner.setup()
    site = web.TCPSite(runner, host=host, port=port)
    try:
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    bound = runner.addresses[0][1] if runner.addresses else port
    log.info("listening on http://%s:%s%s", host, bound, EVENTS_PATH)
    ready(int(bound))
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


async def serve_socket_mode(
    app: AsyncApp, *, app_token: str, probes: Probes, host: str, health_port: int
) -> None:
    probe_server = await start_probe_server(probes, host=host, port=health_port)
    handler = AsyncSocketModeHandler(app, app_token)
    log.info("connecting to Slack in Socket Mode")
    try:
        # The first address is asked for here, so a refused app token ends serving with
        # one line; the SDK would retry it forever, a traceback every ten seconds. Other
        # errors are left to the SDK's own retries.
        try:
            opened = await handler.client.web_client.apps_connections_open(app_token=app_token)
            handler.client.wss_uri = str(opened["url"])
        except SlackApiError as error:
            code = str(error.response.get("error"))
            if code in REJECTED:
                raise StartupError(f"Slack rejected SLACK_APP_TOKEN: {code}") from None
            log.warning("apps.connections.open failed (%s); retrying", code)
        await handler.start_async()  # type: ignore[no-untyped-call]
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
        await probe_server.cleanup()


def _share_connections(app: AsyncApp) -> ClientSession:
    """One connection pool for every Web API call (Bolt's per-request clients reuse it)."""
    session = ClientSession()
    app.client.session = session
    return session
