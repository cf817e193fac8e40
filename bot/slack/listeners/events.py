"""Events: App Home, and Slack's retries, which must never repeat work."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import blocks, learners
from bot.slack.session import Session


def register(app: AsyncApp, session: Session) -> None:
    @app.middleware
    async def once_per_event(
        req: AsyncBoltRequest, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse:
        """Slack retries an event it did not hear back about in time; do its work once."""
        session.heard()
        body = req.body if isinstance(req.body, dict) else {}
        if body.get("type") == "event_callback" and session.seen_event(str(body.get("event_id"))):
            return BoltResponse(status=200, body="")
        return await next()

    @app.event("app_home_opened")
    async def home(event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        user = str(event.get("user", ""))
        lang = await session.lang(client, user)
        view = blocks.home_view(session.tutor.course.lessons, lang, owner=user)
        view = await learners.home_with_progress(session.tutor, view, user, lang)
        await client.views_publish(user_id=user, view=view)
