"""A question's answer as a Slack message: the answer, its source, and a button to see it live.

Built on `bot.slack.blocks.kit`, within the same limits; the button carries the command
`run DEMO` for the asker as owner, so the existing
button handler runs the demo in the asker's direct messages. When the tutor is not sure,
the two entries it offers are buttons (`ca:pick:N`) that listeners/choices.py answers in
place. Every answer ends with *Helpful* / *Not helpful* (`cf:…`, listeners/feedback.py),
kept for the lesson authors. A pick or a verdict is not a command, so those buttons carry
their own small value in kit's encoding: the entry (`e`), the asker's script (`s`) and the
question as asked (`u`).
"""

from __future__ import annotations

from bot.core.answer.replies import Answer, Choice
from bot.core.grammar import Command
from bot.core.lang import Lang
from bot.slack.blocks.kit import (
    Block,
    Message,
    Origin,
    actions,
    button,
    button_value,
    context,
    fallback,
    plain,
    section,
)

CHOICE_PREFIX = "ca:pick:"
FEEDBACK_PREFIX = "cf:"
ENTRY, SCRIPT, QUESTION = "e", "s", "u"
"""The extras of a choice or feedback button's value (kit's origin and command keys aside)."""
MAX_VALUE = 2000
"""Slack's limit on a button's value."""


def message(answer: Answer, origin: Origin) -> Message:
    if answer.band == "unsure":
        return _unsure(answer, origin)
    if answer.declined:
        return Message(
            text=fallback(plain(_joined(answer.text, answer.topics_text, answer.lang))),
            blocks=[section(answer.text), context(answer.topics_text)],
        )
    blocks: list[Block] = [section(answer.text)]
    notes = [answer.source, answer.hint]
    blocks.append(context("  ".join(note for note in notes if note)))
    if answer.demo:
        value = button_value(origin, Command("run", answer.demo))
        blocks.append(
            actions([button(answer.live_label, f"run:{answer.demo}", value, style="primary")])
        )
    blocks.append(actions(_feedback(answer, origin)))
    return Message(text=fallback(plain(answer.text)), blocks=blocks)


def asked_value(origin: Origin, *, entry: str, script: str, question: str) -> str:
    """A choice or feedback button's value, the question shortened until it fits Slack's limit
    (JSON writes a Chinese character as six)."""
    while True:
        value = button_value(origin, None, **{ENTRY: entry, SCRIPT: script, QUESTION: question})
        if len(value) <= MAX_VALUE or not question:
            return value
        question = question[: max(0, len(question) - 1 - (len(value) - MAX_VALUE) // 6)]


def _feedback(answer: Answer, origin: Origin) -> list[Block]:
    """*Helpful* / *Not helpful*: the value names the entry and carries the question."""
    value = asked_value(
        origin, entry=answer.entry or "", script=answer.script, question=answer.question
    )
    return [
        button(label, outcome, value, prefix=FEEDBACK_PREFIX)
        for outcome, label in zip(("helpful", "not_helpful"), answer.feedback_labels, strict=True)
    ]


def _unsure(answer: Answer, origin: Origin) -> Message:
    elements = [
        _choice(index, choice, answer, origin) for index, choice in enumerate(answer.choices)
    ]
    listed = "; ".join(choice.title for choice in answer.choices)
    return Message(
        text=fallback(f"{answer.text} {listed}"),
        blocks=[section(answer.text), actions(elements)],
    )


def _choice(index: int, choice: Choice, answer: Answer, origin: Origin) -> Block:
    value = asked_value(origin, entry=choice.entry, script=answer.script, question=answer.question)
    return button(plain(choice.title), str(index), value, prefix=CHOICE_PREFIX)


def _joined(first: str, second: str, lang: Lang) -> str:
    """Two sentences in one line: Chinese needs no space after its full stop."""
    return f"{first}{second}" if lang == "zh" else f"{first} {second}"
