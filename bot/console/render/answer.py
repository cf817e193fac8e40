"""A question's answer in the terminal: the text, where it came from, the demo that proves it.

When the tutor is not sure it lists the two entries it offers, each asked as its own
question, so the learner can ask the one they meant.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.text import Text

from bot.console.render.parts import markup
from bot.core.answer.replies import Answer
from bot.core.messages import say


def render_answer(answer: Answer) -> RenderableType:
    """The answer as the lesson says it, then its source and hint in a quieter style."""
    parts: list[RenderableType] = [Text.from_markup(markup(answer.text))]
    if answer.band == "unsure":
        for number, choice in enumerate(answer.choices, start=1):
            parts.append(Text(f"  {number}. {choice.title}", style="cyan"))
        return Group(*parts)
    if answer.declined:
        parts.append(Text.from_markup(markup(answer.topics_text), style="dim"))
        return Group(*parts)
    parts.append(Text.from_markup(markup(answer.source), style="dim"))
    if answer.hint:
        parts.append(Text.from_markup(markup(answer.hint)))
    if answer.demo:
        tried = escape(say("answer_try", answer.lang))
        parts.append(Text.from_markup(f"[dim]{tried}[/] [cyan]run {escape(answer.demo)}[/]"))
    return Group(*parts)
