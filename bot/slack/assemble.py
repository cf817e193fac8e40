"""Serving's parts, joined once: the Bolt app and its session with the outbox and progress
marks, the metrics and probes, the start-up token check, and the browser terminal's pages.

The composition root for `serve`: `bot/cli.py` checks the options and hands over, and
`bot/slack/server.py` runs what is assembled here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.config import Settings, engine_name, shares_state
from bot.health import Readiness
from bot.metrics import Metrics
from bot.operations import database_check, engine_check, watch
from bot.sandbox.runner import instance_alive
from bot.slack.app import build_app
from bot.slack.marks import ProgressMarks
from bot.slack.probes import Probes, slack_auth_check
from bot.slack.replicas import Sharing
from bot.slack.server import serve as serve_slack
from bot.slack.startup import TokenCheck
from bot.store.marks import SqlMarks
from bot.store.outbox import SqlOutbox
from bot.store.replicas import SqlReplicas
from bot.store.shared import SqlShared
from bot.web.mount import browser_terminal
from bot.wiring import shut_down

if TYPE_CHECKING:
    from bot.wiring import Parts


@dataclass(frozen=True)
class Credentials:
    token: str
    signing_secret: str | None
    app_token: str | None


def serve_assembled(
    config: Settings, parts: Parts, credentials: Credentials, *, host: str, port: int
) -> bool:
    """Assemble serving's parts and serve until stopped; False if work was cut short.

    Raises StartupError when Slack rejects a token or serving cannot start."""
    metrics = Metrics()
    watch(metrics, parts)
    token_check = TokenCheck()
    bolt, session = build_app(
        tutor=parts.tutor,
        token=credentials.token,
        signing_secret=credentials.signing_secret,
        base_url=config.slack_api_url,
        outbox=SqlOutbox(parts.store),
        marks=ProgressMarks(
            SqlMarks(parts.store), instance=parts.sandbox.instance, alive=instance_alive
        ),
        metrics=metrics,
        token_check=token_check,
        sharing=sharing_of(config, parts),
    )
    readiness = Readiness(
        {
            "engine": engine_check(parts),
            "database": database_check(parts),
            "slack": slack_auth_check(token=credentials.token, base_url=config.slack_api_url),
        }
    )
    probes = Probes(live=_liveness(parts), readiness=readiness, metrics=metrics)
    return serve_slack(
        bolt,
        session,
        app_token=credentials.app_token,
        host=host,
        port=port,
        health_port=config.health_port,
        probes=probes,
        signing_secret=credentials.signing_secret,
        token_check=token_check,
        sweep=lambda: shut_down(parts),
        pages=()
        if credentials.app_token is not None
        else browser_terminal(parts, host=host, port=port, public_url=config.public_url),
    )


def sharing_of(config: Settings, parts: Parts) -> Sharing | None:
    """With several replicas on one database: the shared state and the routing between them."""
    if not shares_state(config):
        return None
    return Sharing(
        shared=SqlShared(parts.store),
        replicas=SqlReplicas(
            parts.store, replica=parts.sandbox.instance, engine=engine_name(config)
        ),
        caps=[parts.capacity, parts.compare.capacity],
        remove_made_by=parts.sandbox.remove_made_by,
    )


def _liveness(parts: Parts) -> Any:
    return lambda: {
        "demos_live": parts.demos.live_count,
        "demos_pooled": parts.demos.pool.ready(),
        "vms_pooled": parts.compare.pool.ready(),
    }
