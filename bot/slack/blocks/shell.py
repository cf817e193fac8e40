"""`sh` in Slack: the learner's command and its output as a code block, the modal that asks
for a command, and the hands-on buttons under a live demo.

Everything the learner typed, the container printed or the host named is escaped (`&`, `<`,
`>`, as `kit.escape` does) before it is shown, so output cannot mention anyone or forge a link.
"""

from __future__ import annotations

from typing import Any

from bot.core.grammar import Command
from bot.core.lang import Lang
from bot.core.messages import button as label
from bot.core.messages import say
from bot.core.shell.replies import ShellShown
from bot.slack.blocks.kit import (
    CODE_BUDGET,
    MAX_FALLBACK,
    Block,
    Message,
    Origin,
    actions,
    button,
    button_value,
    context,
    option,
    section,
)
from bot.slack.blocks.kit import escape as escape_text
from bot.slack.blocks.tasks import task_button
from bot.web import links

SHELL_PREFIX = "sh:"
"""Its own prefix: the modal must open within Slack's 3 s trigger window, not via the DM queue."""
OPEN_ACTION = f"{SHELL_PREFIX}open"
MODAL_CALLBACK = f"{SHELL_PREFIX}run"
TERMINAL_ACTION = "web:terminal"
"""A link button: Slack still tells the bot of the click, which is only acked."""
INPUT_BLOCK = "sh_command"
INPUT_ACTION = "text"
MAX_INPUT = 500


def escape(text: str) -> str:
    """Slack's three control characters, and no fence that would close the code block."""
    return escape_text(text).replace("```", "`\u200b``")


def message(reply: ShellShown, origin: Origin) -> Message:
    view = reply.view
    transcript = f"$ {view.command}\n{view.run.output}".rstrip("\n")
    body = escape(transcript)
    cut = len(body) > CODE_BUDGET
    shown = body[:CODE_BUDGET].rsplit("\n", 1)[0] if cut else body
    notes = [reply.status, reply.where, *reply.notes]
    blocks: list[Block] = [section(f"```\n{shown or ' '}\n```")]
    if cut:
        lines = transcript.count("\n") - shown.count("\n")
        notes.append(say("cut", reply.lang, more=lines))
    blocks.append(context(escape_text(" ".join(note for note in notes if note))))
    elements = [open_button(origin, reply.lang)]
    if not view.run.container_exited:
        elements += terminal_buttons(origin, reply.lang, container=view.container_id)
    if cut:
        value = button_value(origin, a="show_all", w="sh")
        elements.append(button(label("show_all", reply.lang), "show_all", value))
    blocks.append(actions(elements))
    text = f"$ {escape(view.command)}: {reply.status}"
    return Message(text=text[:MAX_FALLBACK], blocks=blocks, full_listing=transcript)


def hands_on(origin: Origin, lang: Lang, *, container: str = "") -> Block:
    """What a learner can do with their own hands on a live demo: *Run a command*, *Try it
    yourself* (a task checked live), and *Open a terminal* when the bot serves the page."""
    elements = [open_button(origin, lang), task_button(origin, lang)]
    return actions(elements + terminal_buttons(origin, lang, container=container))


def terminal_buttons(origin: Origin, lang: Lang, *, container: str) -> list[Block]:
    """*Open a terminal*, a link minted for this learner and container, when the bot serves
    the page (none otherwise): a list to add to a message's buttons."""
    terminal = links.current()
    if terminal is None or not container or not origin.owner:
        return []
    link = button(label("terminal", lang), "terminal", button_value(origin, a="terminal"))
    link["action_id"] = TERMINAL_ACTION
    link["url"] = terminal.link(origin.owner, container, lang)[:3000]
    return [link]


def hands_on_options(origin: Origin, lang: Lang) -> list[Block]:
    """The same, as entries of a walk step's menu (a phone shows few buttons): *Run a
    command* (`a=sh`: the demo buttons' listener opens the modal), *Try it yourself*, and
    *Open a terminal* when the bot serves the page (`a=terminal`: the link is minted when
    picked, since a menu entry cannot be a link, and a link is good once, for minutes)."""
    entries = [
        option(label("sh", lang), button_value(origin, Command("sh"), a="sh")),
        option(label("task", lang), button_value(origin, Command("task"))),
    ]
    if links.current() is not None:
        entries.append(option(label("terminal", lang), button_value(origin, a="terminal")))
    return entries


def terminal_message(origin: Origin, lang: Lang, *, container: str, name: str) -> Message:
    """The answer to *Open a terminal* picked from a menu: a fresh link to that container."""
    text = say("terminal_ready", lang, name=escape_text(name))
    blocks = [section(text), actions(terminal_buttons(origin, lang, container=container))]
    return Message(text=text[:MAX_FALLBACK], blocks=blocks)


def open_button(origin: Origin, lang: Lang) -> Block:
    """*Run a command*: opens the modal; its value carries the owner like every button's."""
    value = button_value(origin, Command("sh"))
    return button(label("sh", lang), "open", value, prefix=SHELL_PREFIX)


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
