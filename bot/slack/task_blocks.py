"""Tasks in Slack: the task with a *Check* button (for tasks done in the demo), the verdict
with *Next task*. Buttons use the demo buttons' format (`ct:VERB`), so the existing button
listener runs them in the learner's DM."""

from __future__ import annotations

from typing import Any

from bot.core.lang import Lang
from bot.core.messages import button
from bot.core.tasks.replies import TaskChecked, TaskReply, TaskShown
from bot.slack.blocks import ACTION_PREFIX, Message, Origin, button_value

Block = dict[str, Any]
LIMIT = 3000


def message(reply: TaskReply, origin: Origin) -> Message:
    if isinstance(reply, TaskShown):
        return _shown(reply, origin)
    return _checked(reply, origin)


def task_button(origin: Origin, lang: Lang) -> Block:
    """*Try it yourself*: offered under a live demo."""
    return verb_button("task", origin, lang)


def verb_button(verb: str, origin: Origin, lang: Lang) -> Block:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": button(verb, lang)[:75], "emoji": True},
        "action_id": f"{ACTION_PREFIX}{verb}",
        "value": button_value(origin, a=verb)[:2000],
    }


def _shown(reply: TaskShown, origin: Origin) -> Message:
    prompt = reply.task.prompt.get(reply.lang)
    blocks: list[Block] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{reply.title}*"[:LIMIT]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": prompt[:LIMIT]}},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": reply.how[:LIMIT]}]},
    ]
    if reply.task.answered == "state":
        blocks.append({"type": "actions", "elements": [verb_button("check", origin, reply.lang)]})
    return Message(text=f"{reply.title}: {prompt}"[:LIMIT], blocks=blocks)


def _checked(reply: TaskChecked, origin: Origin) -> Message:
    verdict = reply.verdict.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    blocks: list[Block] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": verdict[:LIMIT]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": reply.explanation[:LIMIT]}},
        {"type": "actions", "elements": [verb_button("task", origin, reply.lang)]},
    ]
    return Message(text=verdict[:LIMIT], blocks=blocks)
