"""Slack's payload limits, checked the way the real API checks them.

Only the rules a bot is likely to trip over are modelled; each broken rule yields a
message in Slack's own style (``"must be less than 3001 characters
[json-pointer:/blocks/0/text/text]"``) so a failing test says what to fix.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
MAX_SECTION_TEXT = 3_000
MAX_SECTION_FIELDS = 10
MAX_FIELD_TEXT = 2_000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_BLOCK_ID = 255
MAX_ACTION_ID = 255
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2_000
MAX_URL = 3_000
MAX_MARKDOWN_TEXT = 12_000
MAX_VIEW_TITLE = 24
MIN_OVERFLOW_OPTIONS = 2
MAX_OVERFLOW_OPTIONS = 5
MAX_SELECT_OPTIONS = 100
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_PLACEHOLDER = 150

PHONE_CODE_LINES = 12
PHONE_CODE_WIDTH = 60
PHONE_BUTTONS = 5
"""Not Slack's rules but a phone's: a reply a learner reads in one screen of a phone client
keeps each code block to about a dozen lines of about 60 characters and shows at most five
buttons (the rest go in one overflow menu)."""

BLOCK_TYPES = frozenset(
    {
        "actions",
        "call",
        "context",
        "divider",
        "file",
        "header",
        "image",
        "input",
        "markdown",
        "rich_text",
        "section",
        "table",
        "video",
    }
)


@dataclass
class Verdict:
    """Outcome of a payload check: an error code (``None`` when accepted),
    Slack-style detail messages, and non-fatal warnings such as ``missing_text``."""

    error: str | None = None
    messages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def _too_long(limit: int, pointer: str) -> str:
    return f"[ERROR] must be less than {limit + 1} characters [json-pointer:{pointer}]"


def _check_text_object(
    obj: Any, pointer: str, limit: int, out: list[str], *, plain_only: bool = False
) -> None:
    if not isinstance(obj, Mapping):
        out.append(f"[ERROR] must provide an object [json-pointer:{pointer}]")
        return
    kind = obj.get("type")
    allowed = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    if kind not in allowed:
        out.append(f"[ERROR] must be one of {list(allowed)} [json-pointer:{pointer}/type]")
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        out.append(f"[ERROR] must be more than 0 characters [json-pointer:{pointer}/text]")
    elif len(text) > limit:
        out.append(_too_long(limit, f"{pointer}/text"))


def _check_element(element: Any, pointer: str, out: list[str]) -> None:
    if not isinstance(element, Mapping):
        out.append(f"[ERROR] must provide an object [json-pointer:{pointer}]")
        return
    action_id = element.get("action_id")
    if isinstance(action_id, str) and len(action_id) > MAX_ACTION_ID:
        out.append(_too_long(MAX_ACTION_ID, f"{pointer}/action_id"))
    if element.get("type") == "button":
        _check_text_object(
            element.get("text"), f"{pointer}/text", MAX_BUTTON_TEXT, out, plain_only=True
        )
        value = element.get("value")
        if isinstance(value, str) and len(value) > MAX_BUTTON_VALUE:
            out.append(_too_long(MAX_BUTTON_VALUE, f"{pointer}/value"))
        url = element.get("url")
        if isinstance(url, str) and len(url) > MAX_URL:
            out.append(_too_long(MAX_URL, f"{pointer}/url"))
    elif element.get("type") in ("overflow", "static_select"):
        _check_options(element, pointer, out)
        if element.get("type") == "static_select":
            _check_text_object(
                element.get("placeholder"),
                f"{pointer}/placeholder",
                MAX_PLACEHOLDER,
                out,
                plain_only=True,
            )


def _check_options(element: Mapping[str, Any], pointer: str, out: list[str]) -> None:
    options = element.get("options")
    if not isinstance(options, list):
        out.append(f"[ERROR] must provide an array [json-pointer:{pointer}/options]")
        return
    low, high = (
        (MIN_OVERFLOW_OPTIONS, MAX_OVERFLOW_OPTIONS)
        if element.get("type") == "overflow"
        else (1, MAX_SELECT_OPTIONS)
    )
    if not low <= len(options) <= high:
        out.append(
            f"[ERROR] must provide between {low} and {high} items [json-pointer:{pointer}/options]"
        )
    for i, item in enumerate(options):
        where = f"{pointer}/options/{i}"
        if not isinstance(item, Mapping):
            out.append(f"[ERROR] must provide an object [json-pointer:{where}]")
            continue
        _check_text_object(item.get("text"), f"{where}/text", MAX_OPTION_TEXT, out, plain_only=True)
        value = item.get("value")
        if not isinstance(value, str) or not value:
            out.append(f"[ERROR] must be more than 0 characters [json-pointer:{where}/value]")
        elif len(value) > MAX_OPTION_VALUE:
            out.append(_too_long(MAX_OPTION_VALUE, f"{where}/value"))


def _check_list(
    block: Mapping[str, Any], key: str, limit: int, pointer: str, out: list[str]
) -> list[Any]:
    items = block.get(key)
    if not isinstance(items, list) or not items:
        out.append(f"[ERROR] must provide a non-empty array [json-pointer:{pointer}/{key}]")
        return []
    if len(items) > limit:
        out.append(f"[ERROR] must be at most {limit} items [json-pointer:{pointer}/{key}]")
    return items


def _check_block(block: Any, pointer: str, out: list[str]) -> None:
    if not isinstance(block, Mapping):
        out.append(f"[ERROR] must provide an object [json-pointer:{pointer}]")
        return
    kind = block.get("type")
    if kind not in BLOCK_TYPES:
        out.append(f"[ERROR] unsupported type: {kind!r} [json-pointer:{pointer}/type]")
        return
    block_id = block.get("block_id")
    if isinstance(block_id, str) and len(block_id) > MAX_BLOCK_ID:
        out.append(_too_long(MAX_BLOCK_ID, f"{pointer}/block_id"))
    if kind == "section":
        if "text" not in block and "fields" not in block:
            out.append(f"[ERROR] must provide text or fields [json-pointer:{pointer}]")
        if "text" in block:
            _check_text_object(block["text"], f"{pointer}/text", MAX_SECTION_TEXT, out)
        if "fields" in block:
            for i, item in enumerate(
                _check_list(block, "fields", MAX_SECTION_FIELDS, pointer, out)
            ):
                _check_text_object(item, f"{pointer}/fields/{i}", MAX_FIELD_TEXT, out)
        if "accessory" in block:
            _check_element(block["accessory"], f"{pointer}/accessory", out)
    elif kind == "header":
        _check_text_object(
            block.get("text"), f"{pointer}/text", MAX_HEADER_TEXT, out, plain_only=True
        )
    elif kind == "context":
        _check_list(block, "elements", MAX_CONTEXT_ELEMENTS, pointer, out)
    elif kind == "actions":
        elements = _check_list(block, "elements", MAX_ACTIONS_ELEMENTS, pointer, out)
        for i, element in enumerate(elements):
            _check_element(element, f"{pointer}/elements/{i}", out)
    elif kind == "markdown":
        text = block.get("text")
        if not isinstance(text, str) or not text:
            out.append(f"[ERROR] must be more than 0 characters [json-pointer:{pointer}/text]")
        elif len(text) > MAX_MARKDOWN_TEXT:
            out.append(_too_long(MAX_MARKDOWN_TEXT, f"{pointer}/text"))


def check_blocks(blocks: Any, max_blocks: int) -> list[str]:
    """Every broken rule in ``blocks`` as a Slack-style message (empty when valid)."""
    if not isinstance(blocks, list):
        return ["[ERROR] must provide an array [json-pointer:/blocks]"]
    out: list[str] = []
    if len(blocks) > max_blocks:
        out.append(f"[ERROR] no more than {max_blocks} items allowed [json-pointer:/blocks]")
    for i, block in enumerate(blocks):
        _check_block(block, f"/blocks/{i}", out)
    return out


def check_message(payload: Mapping[str, Any], *, require_content: bool = True) -> Verdict:
    """Check a chat.postMessage / chat.update / chat.postEphemeral / response_url body.

    Mirrors Slack: ``no_text`` without text, blocks or attachments; ``msg_too_long``
    over 40,000 characters; ``invalid_blocks_format`` when blocks is not an array;
    ``invalid_blocks`` when any block rule is broken; a ``missing_text`` warning (not
    an error) when blocks come without a top-level ``text`` fallback.
    """
    verdict = Verdict()
    text = payload.get("text")
    blocks = payload.get("blocks")
    has_text = isinstance(text, str) and text != ""
    if require_content and not has_text and not blocks and not payload.get("attachments"):
        verdict.error = "no_text"
        return verdict
    if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
        verdict.error = "msg_too_long"
        verdict.messages.append(_too_long(MAX_MESSAGE_TEXT, "/text"))
        return verdict
    if blocks is not None:
        if not isinstance(blocks, list):
            verdict.error = "invalid_blocks_format"
            verdict.messages.append("[ERROR] must provide an array [json-pointer:/blocks]")
            return verdict
        problems = check_blocks(blocks, MAX_MESSAGE_BLOCKS)
        if problems:
            verdict.error = "invalid_blocks"
            verdict.messages.extend(problems)
            return verdict
        if blocks and not has_text:
            verdict.warnings.append("missing_text")
    return verdict


def check_view(view: Any, *, home_only: bool = False) -> Verdict:
    """Check a views.open / views.publish view; Slack answers ``invalid_arguments``."""
    verdict = Verdict()
    if not isinstance(view, Mapping):
        verdict.error = "invalid_arguments"
        verdict.messages.append("[ERROR] must provide an object [json-pointer:/view]")
        return verdict
    problems: list[str] = []
    kind = view.get("type")
    if home_only and kind != "home":
        problems.append("[ERROR] must be 'home' [json-pointer:/view/type]")
    elif kind not in ("home", "modal"):
        problems.append("[ERROR] must be one of ['modal', 'home'] [json-pointer:/view/type]")
    if kind == "modal":
        _check_text_object(
            view.get("title"), "/view/title", MAX_VIEW_TITLE, problems, plain_only=True
        )
        for key in ("submit", "close"):
            if key in view:
                _check_text_object(
                    view[key], f"/view/{key}", MAX_VIEW_TITLE, problems, plain_only=True
                )
    problems.extend(
        message.replace("json-pointer:/blocks", "json-pointer:/view/blocks")
        for message in check_blocks(view.get("blocks", []), MAX_VIEW_BLOCKS)
    )
    if problems:
        verdict.error = "invalid_arguments"
        verdict.messages.extend(problems)
    return verdict


def _cells(text: str) -> int:
    """Columns a line takes in a monospace font: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _code_blocks(text: str) -> list[list[str]]:
    parts = text.split("```")
    return [part.strip("\n").split("\n") for part in parts[1::2]]


def check_phone(payload: Mapping[str, Any]) -> list[str]:
    """Every way a message is too big for one phone screen (empty when it fits)."""
    out: list[str] = []
    buttons = 0
    menus = 0
    for i, block in enumerate(payload.get("blocks") or []):
        pointer = f"/blocks/{i}"
        text = (block.get("text") or {}).get("text", "") if block.get("type") == "section" else ""
        for lines in _code_blocks(text):
            if len(lines) > PHONE_CODE_LINES:
                out.append(
                    f"[PHONE] a code block of {len(lines)} lines, more than "
                    f"{PHONE_CODE_LINES} [json-pointer:{pointer}/text]"
                )
            widest = max((_cells(line) for line in lines), default=0)
            if widest > PHONE_CODE_WIDTH:
                out.append(
                    f"[PHONE] a code line {widest} characters wide, more than "
                    f"{PHONE_CODE_WIDTH} [json-pointer:{pointer}/text]"
                )
        if block.get("type") == "actions":
            kinds = [element.get("type") for element in block.get("elements") or []]
            buttons += kinds.count("button")
            menus += len(kinds) - kinds.count("button")
    if buttons > PHONE_BUTTONS:
        out.append(f"[PHONE] {buttons} buttons visible, more than {PHONE_BUTTONS}")
    if menus > 1:
        out.append(f"[PHONE] {menus} menus: the rest of the buttons belong in one")
    return out
