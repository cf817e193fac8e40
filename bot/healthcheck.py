"""`python -m bot.healthcheck`: the image's HEALTHCHECK, so the image needs no curl.

Exit 0 when `GET /readyz` on the local server answers 200, 1 otherwise: healthy means ready,
with the engine, the database and Slack all answering (`bot.health`), not merely alive. The
port is PORT in HTTP mode, the same variable `container-tutor serve` reads, and HEALTH_PORT
in Socket Mode (SLACK_APP_TOKEN set), where the probes have a small server of their own.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

DEFAULT_PORT = "3000"
TIMEOUT_SECONDS = 4.5
"""Readiness runs its checks side by side, 3 s each at most; Docker gives the probe 5 s."""


def readyz_url(environ: dict[str, str]) -> str:
    """The URL to probe: PORT in HTTP mode, HEALTH_PORT in Socket Mode."""
    socket_mode = bool(environ.get("SLACK_APP_TOKEN"))
    name = "HEALTH_PORT" if socket_mode else "PORT"
    port = environ.get(name) or DEFAULT_PORT
    if not port.isdigit():
        raise ValueError(f"{name} must be a number, not {port!r}")
    return f"http://127.0.0.1:{port}/readyz"


def check(environ: dict[str, str]) -> int:
    try:
        url = readyz_url(environ)
    except ValueError as error:
        print(f"healthcheck: {error}", file=sys.stderr)
        return 1
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310 - http to localhost only
            ready = answer.status == 200
    except urllib.error.HTTPError as error:  # 503: the body says which check failed
        print(
            f"healthcheck: not ready: {error.read(500).decode(errors='replace')}", file=sys.stderr
        )
        return 1
    except OSError as error:
        print(f"healthcheck: {url}: {error}", file=sys.stderr)
        return 1
    return 0 if ready else 1


if __name__ == "__main__":
    sys.exit(check(dict(os.environ)))
