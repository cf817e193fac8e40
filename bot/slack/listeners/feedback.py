"""*Helpful* / *Not helpful* under every answer: kept, learner hashed, for the lesson authors.

The click is acked at once (`buttons.on_buttons`, open to anyone who sees the answer: the
verdict is the clicker's own); the row is written on a worker thread (the database may be
slow), then only the clicker sees a thank-you. `questions report` lists what came of it.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re

from slack_bolt.async_app import AsyncApp

from bot.core.answer.asked import Outcome, QuestionLog
from bot.core.messages import say
from bot.core.quiz.ports import StoreError
from bot.core.tutor import Tutor
from bot.slack.blocks.answer import ENTRY, FEEDBACK_PREFIX, QUESTION
from bot.slack.listeners.buttons import Clicked, on_buttons, tell
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks

log = logging.getLogger(__name__)
FEEDBACK = re.compile(rf"^{re.escape(FEEDBACK_PREFIX)}(helpful|not_helpful)$")
OUTCOMES: dict[str, Outcome] = {"helpful": "helpful", "not_helpful": "not_helpful"}


def register(app: AsyncApp, *, tutor: Tutor, tasks: Tasks, lookups: Lookups) -> None:
    work = functools.partial(feedback_button, questions=tutor.questions, lookups=lookups)
    on_buttons(app, tasks=tasks, lookups=lookups, action_ids=FEEDBACK, not_yours=None, work=work)


async def record(
    questions: QuestionLog | None, learner: str, question: str, outcome: Outcome, entry: str | None
) -> bool:
    """Keep one event; False (and a log line without the question) if the store failed."""
    if questions is None or not learner or not question:
        return False
    try:
        await asyncio.to_thread(questions.record, learner, question, outcome, entry)
    except StoreError as error:
        log.warning("keeping question feedback failed: %s", error)
        return False
    return True


async def feedback_button(
    clicked: Clicked, *, questions: QuestionLog | None, lookups: Lookups
) -> None:
    """Keep the clicker's verdict on the answer; thank them where only they see it."""
    outcome = OUTCOMES.get(clicked.action_id.removeprefix(FEEDBACK_PREFIX))
    if outcome is None:
        return
    extra = clicked.click.extra
    entry = extra.get(ENTRY) or None
    if await record(questions, clicked.user, extra.get(QUESTION, ""), outcome, entry):
        lang = await lookups.lang(clicked.client, clicked.user)
        await tell(clicked.respond, say("feedback_thanks", lang))
