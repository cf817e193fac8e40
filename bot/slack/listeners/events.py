"""Events: App Home, and Slack's retries, which must never repeat work."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import blocks, learners
from bot.slack.session import Session


class OncePerEvent(AsyncMiddleware):
    """Notes Slack's traffic (acks come first) and drops an event Slack already sent.

    Slack retries an event it did not hear back about in time; its work is done once. A
    middleware class, not a function: Bolt builds no keyword arguments for it.
    """

    def __init__(self, session: Session) -> None:
        self._session = session

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse | None:
        self._session.heard()
        body = req.body if isinstance(req.body, dict) else {}
        if body.get("type") == "event_callback" and self._session.seen_event(
            str(body.get("event_id"))
        ):
            return BoltResponse(status=200, body="")
        await next()
        return resp


def register(app: AsyncApp, session: Session) -> None:
    app.use(OncePerEvent(session))

    @app.event("app_home_opened")
    async def home(event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        session.start(_publish_home(session, client, str(event.get("user", ""))))


async def _publish_home(session: Session, client: AsyncWebClient, user: str) -> None:
    lang = await session.lang(client, user)
    view = blocks.home_view(session.tutor.course.lessons, lang, owner=user)
    view = await learners.home_with_progress(session.tutor, view, user, lang)
    await client.views_publish(user_id=user, view=view)
