""" "Did you mean" buttons: a click answers the chosen entry, in place of the question.

The tutor offers two entries when it is not sure (answer_blocks.py); the button's value
names the entry and the asker's script, so the answer comes in the script of the question.
Anyone who sees the message may click: the answer is course text, not the asker's demo.
The pick is kept for the lesson authors (`questions report`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.answer.replies import Script
from bot.slack import blocks
from bot.slack.answer_blocks import CHOICE_PREFIX
from bot.slack.listeners.buttons import on_buttons
from bot.slack.listeners.feedback import clicker, record
from bot.slack.session import Session

CHOICES = re.compile(rf"^{re.escape(CHOICE_PREFIX)}")
SCRIPTS: dict[str, Script] = {"en": "en", "zh-Hant": "zh-Hant", "zh-Hans": "zh-Hans"}


def register(app: AsyncApp, session: Session) -> None:
    on_buttons(app, session, CHOICES, _on_choice)


async def _on_choice(
    session: Session,
    _client: AsyncWebClient,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
) -> None:
    origin, extra = blocks.read_value(str(action.get("value", "")))
    script = SCRIPTS.get(extra.get("s", ""), "en")
    answers = session.tutor.answers
    if answers is None:
        return
    answer = answers.entry(extra.get("e", ""), script=script)
    if answer is None:
        return
    question = extra.get("q", "")
    answer = replace(answer, question=question)
    message = blocks.message(answer, origin)
    await respond(replace_original=True, **message.payload())
    await record(session, clicker(body), question, "chose", answer.entry)
