"""Tasks in Slack: the task with a *Check* button (for tasks done in the demo), the verdict
with *Next task*. Each button carries its command, so the demo buttons' listener runs it in
the learner's DM like a typed one."""

from __future__ import annotations

from bot.core.grammar import Command, Verb
from bot.core.lang import Lang
from bot.core.messages import button as label
from bot.core.tasks.replies import TaskChecked, TaskReply, TaskShown
from bot.slack.blocks.kit import (
    MAX_FALLBACK,
    Block,
    Message,
    Origin,
    actions,
    button,
    button_value,
    context,
    escape,
    section,
)


def message(reply: TaskReply, origin: Origin) -> Message:
    if isinstance(reply, TaskShown):
        return _shown(reply, origin)
    return _checked(reply, origin)


def task_button(origin: Origin, lang: Lang) -> Block:
    """*Try it yourself*: offered under a live demo."""
    return verb_button("task", origin, lang)


def verb_button(verb: Verb, origin: Origin, lang: Lang) -> Block:
    return button(label(verb, lang), verb, button_value(origin, Command(verb)))


def _shown(reply: TaskShown, origin: Origin) -> Message:
    prompt = reply.task.prompt.get(reply.lang)
    blocks: list[Block] = [
        section(f"*{reply.title}*"),
        section(prompt),
        context(reply.how),
    ]
    if reply.task.answered == "state":
        blocks.append(actions([verb_button("check", origin, reply.lang)]))
    return Message(text=f"{reply.title}: {prompt}"[:MAX_FALLBACK], blocks=blocks)


def _checked(reply: TaskChecked, origin: Origin) -> Message:
    verdict = escape(reply.verdict)  # it quotes the learner's answer
    blocks: list[Block] = [
        section(verdict),
        section(reply.explanation),
        actions([verb_button("task", origin, reply.lang)]),
    ]
    return Message(text=verdict[:MAX_FALLBACK], blocks=blocks)
