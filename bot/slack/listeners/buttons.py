"""Button listeners: ack the click at once, then do its work as a session task."""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.session import Session

ButtonWork = Callable[
    [Session, AsyncWebClient, dict[str, Any], dict[str, Any], AsyncRespond],
    Coroutine[Any, Any, None],
]


def on_buttons(
    app: AsyncApp, session: Session, action_ids: re.Pattern[str], work: ButtonWork
) -> None:
    """Clicks on buttons whose action_id matches: Bolt answers Slack as soon as this returns."""

    @app.action(action_ids)
    async def acked(
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        await ack()
        session.start(work(session, client, body, action, respond))
