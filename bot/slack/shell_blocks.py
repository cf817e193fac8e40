"""`sh` in Slack: the learner's command and its output as a code block, and the modal
that asks for a command.

Self-contained (its own few block helpers) so it does not depend on how `blocks` is split.
Everything the learner typed or the container printed is escaped (`&`, `<`, `>`) before it
is shown, so output cannot mention anyone or forge a link.
"""

from __future__ import annotations

from typing import Any

from bot.core.lang import Lang
from bot.core.messages import button, say
from bot.core.shell.replies import ShellShown
from bot.slack.blocks import ACTION_PREFIX, Message, Origin, button_value
from bot.web import links

TERMINAL_ACTION = "web:terminal"
"""A link button: Slack still tells the bot of the click, which is only acked."""
OPEN_ACTION = "sh:open"
"""Its own prefix: the modal must open within Slack's 3 s trigger window, not via the DM queue."""
MODAL_CALLBACK = "sh:run"
INPUT_BLOCK = "sh_command"
INPUT_ACTION = "text"
SECTION_LIMIT = 3000
MAX_INPUT = 500
Block = dict[str, Any]


def escape(text: str) -> str:
    """Slack's three control characters, and no fence that would close the code block."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("```", "`\u200b``")


def message(reply: ShellShown, origin: Origin) -> Message:
    view = reply.view
    transcript = f"$ {view.command}\n{view.run.output}".rstrip("\n")
    body = escape(transcript)
    budget = SECTION_LIMIT - 8
    cut = len(body) > budget
    shown = body[:budget].rsplit("\n", 1)[0] if cut else body
    notes = [reply.status, reply.where, *reply.notes]
    blocks: list[Block] = [_section(f"```\n{shown or ' '}\n```")]
    if cut:
        lines = transcript.count("\n") - shown.count("\n")
        notes.append(say("cut", reply.lang, more=lines))
    blocks.append(_context(" ".join(note for note in notes if note)))
    elements = [open_button(origin, reply.lang)]
    if cut:
        elements.append(
            _button(
                button("show_all", reply.lang),
                f"{ACTION_PREFIX}show_all",
                button_value(origin, a="show_all", x="sh"),
            )
        )
    blocks.append({"type": "actions", "elements": elements})
    text = f"$ {escape(view.command)}: {reply.status}"
    return Message(text=text[:3000], blocks=blocks, full_listing=transcript)


def hands_on(origin: Origin, lang: Lang, *, container: str = "") -> Block:
    """What a learner can do with their own hands on a live demo: *Run a command*, *Try it
    yourself* (a task checked live), and *Open a terminal* when the bot serves the page."""
    from bot.slack.task_blocks import task_button

    elements = [open_button(origin, lang), task_button(origin, lang)]
    terminal = links.current()
    if terminal is not None and container and origin.owner:
        label = button("terminal", lang)
        elements.append(
            {
                "type": "button",
                "text": {"type": "plain_text", "text": label[:75], "emoji": True},
                "action_id": TERMINAL_ACTION,
                "value": button_value(origin, a="terminal"),
                "url": terminal.link(origin.owner, container)[:3000],
            }
        )
    return {"type": "actions", "elements": elements}


def open_button(origin: Origin, lang: Lang) -> Block:
    """*Run a command*: opens the modal; its value carries the owner like every button's."""
    return _button(button("sh", lang), OPEN_ACTION, button_value(origin, a="sh"))


def modal(origin: Origin, lang: Lang) -> dict[str, Any]:
    """The modal's view; `private_metadata` carries where the learner asked from."""
    return {
        "type": "modal",
        "callback_id": MODAL_CALLBACK,
        "private_metadata": button_value(origin),
        "title": {"type": "plain_text", "text": say("sh_modal_title", lang)[:24]},
        "submit": {"type": "plain_text", "text": say("sh_modal_submit", lang)[:24]},
        "blocks": [
            {
                "type": "input",
                "block_id": INPUT_BLOCK,
                "label": {"type": "plain_text", "text": say("sh_modal_label", lang)[:2000]},
                "element": {
                    "type": "plain_text_input",
                    "action_id": INPUT_ACTION,
                    "max_length": MAX_INPUT,
                    "placeholder": {"type": "plain_text", "text": "ps aux | grep nginx"},
                },
            }
        ],
    }


def submitted(view: dict[str, Any]) -> str:
    """The command typed in the modal, or "" when the payload has none."""
    values = (view.get("state") or {}).get("values") or {}
    field = (values.get(INPUT_BLOCK) or {}).get(INPUT_ACTION) or {}
    return str(field.get("value") or "")


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_LIMIT]}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:SECTION_LIMIT]}]}


def _button(label: str, action_id: str, value: str) -> Block:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": label[:75], "emoji": True},
        "action_id": action_id,
        "value": value[:2000],
    }
