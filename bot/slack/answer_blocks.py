"""A question's answer as a Slack message: the answer, its source, and a button to see it live.

Built on the helpers of `bot.slack.blocks`, within the same limits; the button uses the
same action format (`ct:run:DEMO`, value carrying the asker as owner), so the existing
button handler runs the demo in the asker's direct messages. When the tutor is not sure,
the two entries it offers are buttons (`ca:pick:N`, value naming the entry and the
asker's script) that listeners/choices.py answers in place. Every answer ends with
*Helpful* / *Not helpful* (`cf:…`, listeners/feedback.py), kept for the lesson authors.
"""

from __future__ import annotations

from bot.core.answer.replies import Answer, Choice
from bot.slack.blocks import (
    Block,
    Message,
    Origin,
    _actions,
    _button,
    _context,
    _fallback,
    _plain,
    _section,
    button_value,
)

CHOICE_PREFIX = "ca:pick:"
FEEDBACK_PREFIX = "cf:"
QUESTION_IN_VALUE = 1500
"""How much of the question a button carries (a value holds 2000 characters)."""


def message(answer: Answer, origin: Origin) -> Message:
    if answer.band == "unsure":
        return _unsure(answer, origin)
    if answer.declined:
        return Message(
            text=_fallback(f"{answer.text} {_plain(answer.topics_text)}"),
            blocks=[_section(answer.text), _context(answer.topics_text)],
        )
    blocks: list[Block] = [_section(answer.text)]
    notes = [answer.source, answer.hint]
    blocks.append(_context("  ".join(note for note in notes if note)))
    if answer.demo:
        value = button_value(origin, a="run", x=answer.demo)
        blocks.append(
            _actions([_button(answer.live_label, f"run:{answer.demo}", value, style="primary")])
        )
    blocks.append(_actions(_feedback(answer, origin)))
    return Message(text=_fallback(_plain(answer.text)), blocks=blocks)


def _feedback(answer: Answer, origin: Origin) -> list[Block]:
    """*Helpful* / *Not helpful*: the value names the entry and carries the question."""
    value = button_value(
        origin, e=answer.entry or "", q=answer.question[:QUESTION_IN_VALUE], s=answer.script
    )
    return [
        {
            "type": "button",
            "text": {"type": "plain_text", "text": label, "emoji": True},
            "action_id": f"{FEEDBACK_PREFIX}{outcome}",
            "value": value[:2000],
        }
        for outcome, label in zip(("helpful", "not_helpful"), answer.feedback_labels, strict=True)
    ]


def _unsure(answer: Answer, origin: Origin) -> Message:
    elements = [
        _choice(index, choice, answer, origin) for index, choice in enumerate(answer.choices)
    ]
    listed = "; ".join(choice.title for choice in answer.choices)
    return Message(
        text=_fallback(f"{answer.text} {listed}"),
        blocks=[_section(answer.text), _actions(elements)],
    )


def _choice(index: int, choice: Choice, answer: Answer, origin: Origin) -> Block:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": _plain(choice.title)[:75], "emoji": True},
        "action_id": f"{CHOICE_PREFIX}{index}",
        "value": button_value(
            origin, e=choice.entry, s=answer.script, q=answer.question[:QUESTION_IN_VALUE]
        )[:2000],
    }
