"""`python -m bot.healthcheck`: the image's HEALTHCHECK, so the image needs no curl.

Exit 0 when `GET /healthz` on the local HTTP server answers 200, 1 otherwise. The port
is PORT, the same variable `container-tutor serve` reads. Socket Mode serves no HTTP at
all (the bot dials out to Slack), so there the process being alive is all Docker can
check, and the check passes.
"""

from __future__ import annotations

import os
import sys
import urllib.request

DEFAULT_PORT = "3000"
TIMEOUT_SECONDS = 4.0


def healthz_url(environ: dict[str, str]) -> str | None:
    """The URL to probe, or None in Socket Mode (SLACK_APP_TOKEN set and not empty)."""
    if environ.get("SLACK_APP_TOKEN"):
        return None
    port = environ.get("PORT") or DEFAULT_PORT
    if not port.isdigit():
        raise ValueError(f"PORT must be a number, not {port!r}")
    return f"http://127.0.0.1:{port}/healthz"


def check(environ: dict[str, str]) -> int:
    try:
        url = healthz_url(environ)
    except ValueError as error:
        print(f"healthcheck: {error}", file=sys.stderr)
        return 1
    if url is None:
        return 0
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310 - http to localhost only
            healthy = answer.status == 200
    except OSError as error:
        print(f"healthcheck: {url}: {error}", file=sys.stderr)
        return 1
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(check(dict(os.environ)))
