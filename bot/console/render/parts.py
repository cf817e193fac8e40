"""The pieces every console view is made of: escaped markup, tables and process trees.

The feature views (demo, quiz, answer, compare) build on these; this module imports none of
them, so the dispatcher in `bot.console.render` can import every view without a cycle.
"""

from __future__ import annotations

import re

from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text
from rich.tree import Tree

from bot.core.demo.models import ProcNode, Table

ARGS_WIDTH = 70
"""Command lines are cut to this many characters, in tables and trees alike."""

_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*([^*\n]+)\*")


def markup(text: str) -> str:
    """Slack-flavoured Markdown (the neutral form) to rich markup, escaping everything else."""
    safe = escape(text)
    safe = _CODE.sub(lambda m: f"[bold cyan]{m.group(1)}[/]", safe)
    return _BOLD.sub(lambda m: f"[bold]{m.group(1)}[/]", safe)


def table_of(table: Table, *, title: str) -> RichTable:
    """A neutral table with escaped cells; command columns are cut to `ARGS_WIDTH`."""
    out = RichTable(title=title, title_justify="left", header_style="bold")
    for name in table.titles:
        out.add_column(
            escape(name),
            overflow="ellipsis",
            max_width=ARGS_WIDTH if name in ("CMD", "COMMAND") else None,
        )
    for row in table.rows:
        out.add_row(*(escape(cell) for cell in row))
    return out


def tree_of(node: ProcNode, *, title: str, highlight: frozenset[int] = frozenset()) -> Tree:
    """A process tree like `pstree -halps`: `name,pid args`, the highlighted PIDs in yellow."""
    root = Tree(Text.from_markup(f"[dim]{escape(title)}[/]"))

    def add(branch: Tree, current: ProcNode) -> None:
        style = "bold yellow" if current.pid in highlight else "bold"
        args = current.args if len(current.args) <= ARGS_WIDTH else current.args[:ARGS_WIDTH] + "…"
        child = branch.add(
            Text.from_markup(
                f"[{style}]{escape(current.name)}[/],{current.pid} [dim]{escape(args)}[/]"
            )
        )
        for kid in current.children:
            add(child, kid)

    add(root, node)
    return root
