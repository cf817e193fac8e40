"""The pieces every console view is made of: escaped markup, tables and process trees.

The feature views (demo, quiz, answer, compare) build on these; this module imports none of
them, so the dispatcher in `bot.console.render` can import every view without a cycle.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text
from rich.tree import Tree

from bot.core.demo.listing import grid, tree_lines
from bot.core.demo.models import ProcNode, Table
from bot.core.emphasis import plain, tighten

ARGS_WIDTH = 70
"""Command lines are cut to this many characters, in tables and trees alike."""
NARROW = 100
"""Below this many columns, boxed tables would wrap into one-word cells: print them plain."""

_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*([^*\n]+)\*")


def markup(text: str) -> str:
    """Slack-flavoured Markdown (the neutral form) to rich markup, escaping everything else."""
    safe = escape(tighten(text))
    safe = _CODE.sub(lambda m: f"[bold cyan]{m.group(1)}[/]", safe)
    return _BOLD.sub(lambda m: f"[bold]{m.group(1)}[/]", safe)


class ByWidth:
    """The wide form (boxes, colour) on a wide terminal; below `NARROW` columns, plain lines
    in the `ps` style, each cut to the width (the command column, last, loses its end)."""

    def __init__(
        self, wide: Callable[[], RenderableType], narrow: Callable[[int], list[str]]
    ) -> None:
        self._wide = wide
        self._narrow = narrow

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= NARROW:
            yield self._wide()
            return
        for line in self._narrow(options.max_width):
            yield Text(line, no_wrap=True, overflow="ellipsis")


def plain_table(
    title: str,
    titles: tuple[str, ...],
    rows: Sequence[Sequence[str]],
    *,
    narrow: tuple[str, ...] = (),
) -> ByWidth:
    """Rows under titles: a rich table when wide, `ps`-style lines when narrow, keeping only
    the `narrow` columns when given (the command last, so it is the one cut)."""

    def wide() -> RenderableType:
        out = RichTable(header_style="bold")
        for name in titles:
            last = name == titles[-1]
            out.add_column(
                escape(name), overflow="ellipsis", max_width=ARGS_WIDTH if last else None
            )
        for row in rows:
            out.add_row(*(escape(cell) for cell in row))
        return titled(title, out)

    keep = [titles.index(name) for name in narrow or titles]
    kept = tuple(titles[i] for i in keep)
    cells = [tuple(row[i] if i < len(row) else "" for i in keep) for row in rows]
    heading = [plain(title)] if title else []
    return ByWidth(wide, lambda width: [*heading, *grid(kept, cells, width=width)])


def table_of(table: Table, *, title: str) -> ByWidth:
    """A neutral table with escaped cells; command columns are cut to `ARGS_WIDTH`."""
    return ByWidth(
        lambda: _rich_table(table, title),
        lambda w: [plain(title), *grid(table.titles, table.rows, width=w)],
    )


def titled(title: str, table: RichTable) -> RenderableType:
    """A table under its title on a line of its own (a table's own title wraps to its width)."""
    return Group(Text.from_markup(markup(title), style="italic"), table) if title else table


def _rich_table(table: Table, title: str) -> RenderableType:
    out = RichTable(header_style="bold")
    for name in table.titles:
        out.add_column(
            escape(name),
            overflow="ellipsis",
            max_width=ARGS_WIDTH if name in ("CMD", "COMMAND") else None,
        )
    for row in table.rows:
        out.add_row(*(escape(cell) for cell in row))
    return titled(title, out)


def tree_of(node: ProcNode, *, title: str, highlight: frozenset[int] = frozenset()) -> ByWidth:
    """A process tree like `pstree -halps`: `name,pid args`, the highlighted PIDs in yellow."""
    return ByWidth(
        lambda: _rich_tree(node, title, highlight),
        lambda width: [plain(title), *tree_lines(node, width=width)],
    )


def _rich_tree(node: ProcNode, title: str, highlight: frozenset[int]) -> Tree:
    root = Tree(Text.from_markup(f"[dim]{markup(title)}[/]"))

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
