"""Reading Slack messages the way a learner does, for end-to-end assertions."""

from __future__ import annotations

from typing import Any


def block_text(blocks: Any) -> str:
    """Every text in a message's blocks, in order, one per line."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(found)


def button(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    """The button with `action_id` in a message; fails the test when there is none."""
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return dict(element)
    raise AssertionError(f"no button {action_id} in {message}")
