"""Block Kit's building blocks and Slack's limits, shared by every feature's messages.

A message is at most 50 blocks, a section's text at most 3000 characters, a header 150,
and always has a fallback `text`. Every button's value is written and read here, in one
encoding: the owner it was made for, where it was shown, and the command it stands for.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.core.course import Step
from bot.core.emphasis import plain as unmarked
from bot.core.grammar import VERBS, Command
from bot.core.lang import Lang
from bot.core.messages import button as label
from bot.core.messages import say
from bot.core.replies import Notice
from bot.core.reply import Reply

MAX_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_FALLBACK = 3000
MAX_OVERFLOW = 5
"""Slack's overflow menu holds two to five options; longer lists need a select menu."""
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
CODE_BUDGET = MAX_SECTION - 8  # room for the ``` fences and their newlines
ACTION_PREFIX = "ct:"
QUIZ_PREFIX = "qz:"
ORIGIN_KEYS = ("o", "c", "d")
COMMAND_KEYS = ("v", "x", "t", "q")
Block = dict[str, Any]


@dataclass(frozen=True)
class Origin:
    """Who a message is for and where they asked, carried in every button's value."""

    owner: str
    channel: str = ""
    dm: str = ""


@dataclass(frozen=True)
class Click:
    """A button's value read back: its origin, the command it stands for, feature extras."""

    origin: Origin
    command: Command | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Message:
    text: str
    blocks: list[Block] = field(default_factory=list)
    full_listing: str = ""
    reply: Reply | None = None
    """What the message shows, as data: a picture of it is drawn from this."""

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def button_value(origin: Origin, command: Command | None = None, **extra: str) -> str:
    """The one button-value encoding: `o c d` (origin), `v x t q` (command), then extras."""
    data = {"o": origin.owner, "c": origin.channel, "d": origin.dm, **extra}
    if command is not None:
        data |= {"v": command.verb, "x": command.argument}
    if command is not None and command.about is not None:
        data |= {"t": command.about[0], "q": command.about[1]}
    return json.dumps({k: v for k, v in data.items() if v}, separators=(",", ":"))


def read_value(value: str) -> Click:
    """A button's value back; anything malformed yields an owner nobody has."""
    try:
        data = json.loads(value)
        if not isinstance(data, dict):
            raise TypeError
        fields = {str(k): str(v) for k, v in data.items()}
    except (ValueError, TypeError):
        return Click(Origin(owner=""))
    origin = Origin(owner=fields.get("o", ""), channel=fields.get("c", ""), dm=fields.get("d", ""))
    extra = {k: v for k, v in fields.items() if k not in (*ORIGIN_KEYS, *COMMAND_KEYS)}
    return Click(origin, _command(fields), extra)


def _command(fields: dict[str, str]) -> Command | None:
    verb, argument = fields.get("v", ""), fields.get("x", "")
    about = (fields["t"], fields["q"]) if "t" in fields and "q" in fields else None
    return Command(verb, argument, about) if verb in VERBS else None


def escape(text: str) -> str:
    """Slack's three control characters escaped, so `<!everyone>` or `<@U1>` typed by a
    learner and echoed back is shown as typed, never a live mention or link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def notice_text(reply: Notice) -> str:
    """A notice's sentence with every string it quotes escaped: those may be learner text
    (an unknown word, a demo or lesson name, a time); the sentence itself is ours."""
    params = {k: escape(v) if isinstance(v, str) else v for k, v in reply.params.items()}
    return say(reply.key, reply.lang, **params)


def notice_message(reply: Notice) -> Message:
    text = notice_text(reply)
    shown = f":warning: {text}" if reply.error else text
    return Message(text=fallback(text), blocks=[section(shown)])


def progress(text: str) -> Message:
    return Message(text=text, blocks=[context(f":hourglass_flowing_sand: {text}")])


def step_buttons(
    steps: Sequence[Step],
    origin: Origin,
    lang: Lang,
    *,
    shown: Sequence[str],
    cut: bool,
    what: str = "",
) -> Block:
    """A reply's next steps as buttons, then "Share" (outside the DM) and "Show all"."""
    elements = []
    for step in steps:
        style = "danger" if step in ("stop", "clean") else None
        value = button_value(origin, Command(step))
        elements.append(button(label(step, lang), step, value, style=style))
    listed = what or ",".join(shown)
    if origin.channel and origin.channel != origin.dm:
        value = button_value(origin, a="share", w=listed)
        elements.append(button(label("share", lang), "share", value, style="primary"))
    if cut:
        value = button_value(origin, a="show_all", w=listed)
        elements.append(button(label("show_all", lang), "show_all", value))
    return actions(elements[:25])


def code(title: str, lines: list[str]) -> tuple[str, int]:
    """A titled code block within the section limit; return it and how many lines were cut."""
    head = f"*{title}*\n```\n"
    budget = CODE_BUDGET - len(head)
    kept: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > budget:
            break
        kept.append(line)
        used += len(line) + 1
    body = "\n".join(kept) or " "
    return f"{head}{body}\n```", len(lines) - len(kept)


def fit(blocks: list[Block]) -> list[Block]:
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    return [*blocks[: MAX_BLOCKS - 1], blocks[-1]]


def plain(text: str) -> str:
    return unmarked(text)


def fallback(text: str) -> str:
    return text if len(text) <= MAX_FALLBACK else text[: MAX_FALLBACK - 1] + "…"


def header(text: str) -> Block:
    text = text if len(text) <= MAX_HEADER else text[: MAX_HEADER - 1] + "…"
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def section(text: str) -> Block:
    text = text if len(text) <= MAX_SECTION else text[: MAX_SECTION - 1] + "…"
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def context(text: str) -> Block:
    text = text if len(text) <= MAX_SECTION else text[: MAX_SECTION - 1] + "…"
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def divider() -> Block:
    return {"type": "divider"}


def actions(elements: list[Block]) -> Block:
    return {"type": "actions", "elements": elements}


def button(
    text: str, action: str, value: str, *, style: str | None = None, prefix: str = ACTION_PREFIX
) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": text[:75], "emoji": True},
        "action_id": f"{prefix}{action}",
        "value": value[:2000],
    }
    if style:
        element["style"] = style
    return element


def option(text: str, value: str) -> Block:
    """One entry of an overflow or select menu; its value is a `button_value`."""
    short = text if len(text) <= MAX_OPTION_TEXT else text[: MAX_OPTION_TEXT - 1] + "…"
    return {"text": {"type": "plain_text", "text": short, "emoji": True}, "value": value}


def more_menu(options: list[Block], action: str, placeholder: str) -> Block | None:
    """What does not fit on the visible buttons: an overflow menu ("…"), or a select menu
    when there are more options than an overflow holds; none for fewer than two."""
    if len(options) < 2:
        return None
    if len(options) <= MAX_OVERFLOW:
        return {"type": "overflow", "action_id": f"{ACTION_PREFIX}{action}", "options": options}
    return {
        "type": "static_select",
        "action_id": f"{ACTION_PREFIX}{action}",
        "placeholder": {"type": "plain_text", "text": placeholder, "emoji": True},
        "options": options[:100],
    }
