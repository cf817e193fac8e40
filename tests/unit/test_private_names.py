"""No module uses another module's `_private` names: what is shared is made public.

Checked in the bot, the benches and the test support (bench/ and testkit/)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("bot", "bench", "testkit")


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def borrowed_privates(source: str) -> list[str]:
    """`from bot.x import _y`, and `x._y` where `x` was imported from bot."""
    tree = ast.parse(source)
    found: list[str] = []
    from_bot: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(CHECKED):
            for alias in node.names:
                if private(alias.name):
                    found.append(f"{node.module}.{alias.name}")
                from_bot.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(CHECKED):
                    from_bot.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in from_bot
            and private(node.attr)
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_the_check_finds_both_ways_of_borrowing() -> None:
    source = "from bot.slack.blocks.kit import _x, y\nfrom bot.slack import tables\ntables._z()\n"
    assert borrowed_privates(source) == ["bot.slack.blocks.kit._x", "tables._z"]
    assert borrowed_privates("import os\nos._exit(0)\nself._own = 1\n") == []


def test_no_module_imports_another_modules_private_names() -> None:
    offenders = {
        str(path.relative_to(ROOT)): names
        for folder in CHECKED
        for path in sorted((ROOT / folder).rglob("*.py"))
        if (names := borrowed_privates(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
