"""Quiz buttons (`qz:`): answer, next question, see it live, start a quiz or a review.

Each click is checked first against the learner the button was made for: anyone else gets
a polite note and nothing changes. The answer is committed before the message is updated,
so feedback the learner saw is never lost, even if the bot is killed right after.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.quiz.choice import choice_number
from bot.core.quiz.commands import QuizCommands
from bot.core.quiz.ports import StoreError
from bot.core.quiz.service import QuizError
from bot.slack import quiz_blocks
from bot.slack.listeners.buttons import on_buttons
from bot.slack.session import Session

log = logging.getLogger(__name__)
ACTIONS = re.compile(rf"^{re.escape(quiz_blocks.QUIZ_PREFIX)}")
FOLLOW_UP_STEPS = frozenset({"exec", "stop"})  # not shown by `run` itself
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")


def register(app: AsyncApp, session: Session) -> None:
    on_buttons(app, session, ACTIONS, _on_quiz_button)


async def _on_quiz_button(
    session: Session,
    client: AsyncWebClient,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
) -> None:
    quizzes = session.tutor.quiz
    clicker = str((body.get("user") or {}).get("id", ""))
    data = quiz_blocks.read_value(str(action.get("value", "")))
    lang = await session.lang(client, clicker)
    owner = data.get("l", "")
    if quizzes is None:
        return
    if not clicker or owner != clicker:
        await _say(respond, say("quiz_not_yours", lang, owner=owner or "someone"))
        return
    what = str(action.get("action_id", ""))[len(quiz_blocks.QUIZ_PREFIX) :]
    try:
        await _act(session, quizzes, client, body, clicker, what, data, lang)
    except QuizError as error:
        await _say(respond, say(error.key, lang, **error.params))
    except StoreError:
        await _say(respond, say("store_down", lang))


async def _act(
    session: Session,
    quizzes: QuizCommands,
    client: AsyncWebClient,
    body: dict[str, Any],
    user: str,
    what: str,
    data: dict[str, str],
    lang: Lang,
) -> None:
    channel = str((body.get("container") or {}).get("channel_id", "")) or str(
        (body.get("channel") or {}).get("id", "")
    )
    ts = str((body.get("message") or {}).get("ts", "")) or str(
        (body.get("container") or {}).get("message_ts", "")
    )
    attempt, question = data.get("t", ""), data.get("q", "")
    service = quizzes.service
    if what.startswith("answer:"):
        choice = choice_number(what.partition(":")[2])
        if choice is None:
            raise QuizError("quiz_stale")
        shown = await asyncio.to_thread(service.answer, user, attempt, question, choice, lang=lang)
        await client.chat_update(channel=channel, ts=ts, **quiz_blocks.answered(shown).payload())
    elif what == "next":
        upcoming = await asyncio.to_thread(service.next, user, attempt, question, lang=lang)
        if upcoming is None:
            return  # a double click: the first one moved on already
        await client.chat_postMessage(channel=channel, **quiz_blocks.question(upcoming).payload())
        before = await asyncio.to_thread(service.feedback, user, attempt, question, lang=lang)
        if before is not None:  # the old message loses its "next" button
            try:
                await client.chat_update(
                    channel=channel, ts=ts, **quiz_blocks.answered(before).payload()
                )
            except SlackApiError as error:
                log.info("could not tidy a quiz message: %s", error.response.get("error"))
    elif what == "see":
        demo, step = data.get("d", ""), data.get("s", "")
        if _ID.match(demo):
            session.start(_see_live(session, client, user, demo, step))
    elif what in ("start", "review"):
        text = "quiz" if what == "start" else "review"
        session.request(client, user=user, text=text, origin_channel="")


async def _see_live(
    session: Session, client: AsyncWebClient, user: str, demo: str, step: str
) -> None:
    """Start the demo that shows the point; go on to `exec` or `stop` when that is the point."""
    await session.run_in_dm(client, user=user, text=f"run {demo}", origin_channel="")
    if step in FOLLOW_UP_STEPS:
        await session.run_in_dm(client, user=user, text=step, origin_channel="")


async def _say(respond: AsyncRespond, text: str) -> None:
    await respond(response_type="ephemeral", replace_original=False, text=text)
