""" "Did you mean" buttons: a click answers the chosen entry, in place of the question.

The tutor offers two entries when it is not sure (blocks/answer.py); the button's value
names the entry and the asker's script, so the answer comes in the script of the question.
Anyone who sees the message may click (`not_yours=None`): the answer is course text, not
the asker's demo, and its buttons still carry the asker as owner. The pick is kept for the
lesson authors (`questions report`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from slack_bolt.async_app import AsyncApp

from bot.core.answer.asked import QuestionLog
from bot.core.answer.replies import Script
from bot.core.answer.service import Answerer
from bot.core.tutor import Tutor
from bot.slack.blocks import dispatch
from bot.slack.blocks.answer import CHOICE_PREFIX, ENTRY, QUESTION, SCRIPT
from bot.slack.listeners.buttons import Clicked, on_buttons
from bot.slack.listeners.feedback import record
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks

CHOICES = re.compile(rf"^{re.escape(CHOICE_PREFIX)}")
SCRIPTS: dict[str, Script] = {"en": "en", "zh-Hant": "zh-Hant", "zh-Hans": "zh-Hans"}


def register(app: AsyncApp, *, tutor: Tutor, tasks: Tasks, lookups: Lookups) -> None:
    work = functools.partial(choice_button, answers=tutor.answers, questions=tutor.questions)
    on_buttons(app, tasks=tasks, lookups=lookups, action_ids=CHOICES, not_yours=None, work=work)


async def choice_button(
    clicked: Clicked, *, answers: Answerer | None, questions: QuestionLog | None
) -> None:
    """Answer the chosen entry in place of the "did you mean" message, then keep the pick."""
    extra = clicked.click.extra
    script = SCRIPTS.get(extra.get(SCRIPT, ""), "en")
    if answers is None:
        return
    answer = answers.entry(extra.get(ENTRY, ""), script=script)
    if answer is None:
        return
    question = extra.get(QUESTION, "")
    answer = replace(answer, question=question)
    shown = dispatch.message(answer, clicked.click.origin)
    await clicked.respond(replace_original=True, **shown.payload())
    await record(questions, clicked.user, question, "chose", answer.entry)
