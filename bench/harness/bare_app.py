"""The baseline: a Bolt AsyncApp that only acks `/container-demo`, served like the tutor.

It runs in its own process (`python -m bench.harness.bare_app PORT`) with the tutor's Slack
environment (signing secret, token, Web API base URL), so a bench can hold the tutor's ack
latency against what Bolt and aiohttp cost by themselves.
"""

from __future__ import annotations

import argparse
import asyncio
import os
from collections.abc import Sequence

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

HOST = "127.0.0.1"
COMMAND = "/container-demo"
EVENTS_PATH = "/slack/events"
BARE_ACK_TEXT = "ok"


def bare_server(port: int) -> int:
    """Serve the bare app on HOST:port until interrupted."""
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.harness.bare_app", description=__doc__)
    parser.add_argument("port", type=int, help="the port to serve on, on 127.0.0.1")
    return bare_server(parser.parse_args(argv).port)


if __name__ == "__main__":
    raise SystemExit(main())
