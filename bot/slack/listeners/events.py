"""Events: App Home, and Slack's retries, which must never repeat work."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.course import Lesson
from bot.core.quiz.commands import QuizCommands
from bot.slack import learners
from bot.slack.blocks.menu import home_view
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks
from bot.slack.worker import Worker


class OncePerEvent(AsyncMiddleware):
    """Notes Slack's traffic (acks come first) and drops an event Slack already sent.

    Slack retries an event it did not hear back about in time; its work is done once. A
    middleware class, not a function: Bolt builds no keyword arguments for it.
    """

    def __init__(self, *, lookups: Lookups, worker: Worker) -> None:
        self._lookups = lookups
        self._worker = worker

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse | None:
        self._worker.heard()
        body = req.body if isinstance(req.body, dict) else {}
        if body.get("type") == "event_callback" and await self._lookups.handled_before(
            str(body.get("event_id"))
        ):
            return BoltResponse(status=200, body="")
        await next()
        return resp


def register(
    app: AsyncApp,
    *,
    tasks: Tasks,
    lookups: Lookups,
    worker: Worker,
    lessons: tuple[Lesson, ...],
    quiz: QuizCommands | None,
) -> None:
    app.use(OncePerEvent(lookups=lookups, worker=worker))

    @app.event("app_home_opened")
    async def on_home(event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        user = str(event.get("user", ""))
        tasks.start(publish_home(client, user, lookups=lookups, lessons=lessons, quiz=quiz))


async def publish_home(
    client: AsyncWebClient,
    user: str,
    *,
    lookups: Lookups,
    lessons: tuple[Lesson, ...],
    quiz: QuizCommands | None,
) -> None:
    """App Home: the lessons, a button per demo, and the learner's mastery when there is some."""
    lang = await lookups.lang(client, user)
    view = home_view(lessons, lang, owner=user)
    view = await learners.home_with_progress(quiz, view, user, lang)
    await client.views_publish(user_id=user, view=view)
