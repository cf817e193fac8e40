"""Turn the browser terminal on for `serve` over HTTP: a fresh secret, the links, the routes."""

from __future__ import annotations

from aiohttp import web

from bot.web import links
from bot.web.terminal import routes
from bot.web.tokens import TerminalTokens
from bot.wiring import Parts

ANY_ADDRESS = ("", "0.0.0.0", "::")  # noqa: S104 - a bind address, compared, not bound


def browser_terminal(
    parts: Parts, *, host: str, port: int, public_url: str | None
) -> list[web.RouteDef]:
    """Links point at PUBLIC_URL, else at this server; the secret lives as long as the process,
    so links from before a restart are refused (403) like any other stale link."""
    tokens = TerminalTokens()
    base = public_url or f"http://{'localhost' if host in ANY_ADDRESS else host}:{port}"
    links.configure(links.TerminalLinks(base_url=base, tokens=tokens))
    return routes(
        tokens=tokens,
        terminals=parts.terminals,
        idle_seconds=parts.settings.terminal_idle_seconds,
    )
