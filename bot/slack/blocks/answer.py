"""A question's answer as a Slack message: the answer, its source, and a button to see it live.

Built on `bot.slack.blocks.kit`, within the same limits; the button carries the command
`run DEMO` for the asker as owner, so the existing
button handler runs the demo in the asker's direct messages.
"""

from __future__ import annotations

from bot.core.answer.replies import Answer
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


def message(answer: Answer, origin: Origin) -> Message:
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
    return Message(text=fallback(plain(answer.text)), blocks=blocks)


def _joined(first: str, second: str, lang: Lang) -> str:
    """Two sentences in one line: Chinese needs no space after its full stop."""
    return f"{first}{second}" if lang == "zh" else f"{first} {second}"
