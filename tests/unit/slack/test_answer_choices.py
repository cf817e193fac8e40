"""An unsure answer in Slack and the terminal: the two offered entries, each one click away."""

from __future__ import annotations

import io
import json

from rich.console import Console

from bot.config import Settings
from bot.console.answer_view import render_answer
from bot.core.answer.replies import Answer
from bot.slack import blocks
from bot.slack.answer_blocks import CHOICE_PREFIX
from bot.wiring import answerer_from, course_from

QUESTION = "can I run a different linux kernel inside a docker container"


def unsure_answer() -> Answer:
    settings = Settings()
    answer = answerer_from(settings, course_from(settings)).answer(QUESTION)
    assert answer.band == "unsure"
    return answer


def test_slack_shows_each_choice_as_a_button_naming_entry_and_script() -> None:
    answer = unsure_answer()
    message = blocks.message(answer, blocks.Origin(owner="U1", channel="C1"))
    assert message.text.startswith("I'm not sure; did you mean one of these?")
    (actions,) = [b for b in message.blocks if b["type"] == "actions"]
    ids = [e["action_id"] for e in actions["elements"]]
    assert ids == [f"{CHOICE_PREFIX}0", f"{CHOICE_PREFIX}1"]
    first = actions["elements"][0]
    assert first["text"]["text"] == "does a container have its own kernel"
    assert json.loads(first["value"]) == {
        "o": "U1",
        "c": "C1",
        "e": "faq-own-kernel",
        "s": "en",
        "q": QUESTION,
    }


def test_the_console_lists_the_choices() -> None:
    buffer = io.StringIO()
    Console(file=buffer, width=100).print(render_answer(unsure_answer()))
    shown = buffer.getvalue()
    assert "did you mean" in shown
    assert "1. does a container have its own kernel" in shown
