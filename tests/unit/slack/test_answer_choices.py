"""An unsure answer in Slack and the terminal: the two offered entries, each one click away."""

from __future__ import annotations

import io
import json

from rich.console import Console

from bot.config import Settings
from bot.console.render.answer import render_answer
from bot.core.answer.replies import Answer
from bot.slack.blocks import dispatch, kit
from bot.slack.blocks.answer import CHOICE_PREFIX
from bot.wiring import answerer_from, course_from

QUESTION = "镜象和容器有啥区别"


def unsure_answer() -> Answer:
    settings = Settings()
    answer = answerer_from(settings, course_from(settings)).answer(QUESTION)
    assert answer.band == "unsure"
    return answer


def test_slack_shows_each_choice_as_a_button_naming_entry_and_script() -> None:
    answer = unsure_answer()
    message = dispatch.message(answer, kit.Origin(owner="U1", channel="C1"))
    assert message.text.startswith("我不太确定；你是想问下面哪一个？")
    (actions,) = [b for b in message.blocks if b["type"] == "actions"]
    ids = [e["action_id"] for e in actions["elements"]]
    assert ids == [f"{CHOICE_PREFIX}0", f"{CHOICE_PREFIX}1"]
    first = actions["elements"][0]
    assert first["text"]["text"] == "镜像和容器有啥区别"
    assert json.loads(first["value"]) == {
        "o": "U1",
        "c": "C1",
        "e": "faq-image-vs-container",
        "s": "zh-Hans",
        "u": QUESTION,
    }
    click = kit.read_value(first["value"])
    assert click.command is None  # a pick is not a command: its extras name the entry
    assert click.extra == {"e": "faq-image-vs-container", "s": "zh-Hans", "u": QUESTION}


def test_the_console_lists_the_choices() -> None:
    buffer = io.StringIO()
    Console(file=buffer, width=100).print(render_answer(unsure_answer()))
    shown = buffer.getvalue()
    assert "你是想问" in shown
    assert "1. 镜像和容器有啥区别" in shown
