"""*Helpful* / *Not helpful* under every answer: kept, learner hashed, for the lesson authors.

The click is acked at once; the row is written on a worker thread (the database may be
slow), then only the clicker sees a thank-you. `questions report` lists what came of it.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.answer.asked import Outcome
from bot.core.messages import say
from bot.core.quiz.ports import StoreError
from bot.slack import blocks
from bot.slack.answer_blocks import FEEDBACK_PREFIX
from bot.slack.listeners.buttons import on_buttons
from bot.slack.session import Session

log = logging.getLogger(__name__)
FEEDBACK = re.compile(rf"^{re.escape(FEEDBACK_PREFIX)}(helpful|not_helpful)$")
OUTCOMES: dict[str, Outcome] = {"helpful": "helpful", "not_helpful": "not_helpful"}


def register(app: AsyncApp, session: Session) -> None:
    on_buttons(app, session, FEEDBACK, _on_feedback)


def clicker(body: dict[str, Any]) -> str:
    return str((body.get("user") or {}).get("id", ""))


async def record(
    session: Session, learner: str, question: str, outcome: Outcome, entry: str | None
) -> bool:
    """Keep one event; False (and a log line without the question) if the store failed."""
    questions = session.tutor.questions
    if questions is None or not learner or not question:
        return False
    try:
        await asyncio.to_thread(questions.record, learner, question, outcome, entry)
    except StoreError as error:
        log.warning("keeping question feedback failed: %s", error)
        return False
    return True


async def _on_feedback(
    session: Session,
    client: AsyncWebClient,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
) -> None:
    _origin, extra = blocks.read_value(str(action.get("value", "")))
    outcome = OUTCOMES.get(str(action.get("action_id", "")).removeprefix(FEEDBACK_PREFIX))
    learner = clicker(body)
    if outcome is None:
        return
    if await record(session, learner, extra.get("q", ""), outcome, extra.get("e") or None):
        lang = await session.lang(client, learner)
        await respond(
            response_type="ephemeral", replace_original=False, text=say("feedback_thanks", lang)
        )
