"""Plain monospace text for the views, as Slack code blocks and "show all" files need it.

The lines themselves are made by `bot.core.demo.listing` (the terminal's narrow tables use
them too); this module picks what Slack shows of each listing.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.demo.listing import COMMAND_WIDTH, cut, facts_lines, grid, pid_map_lines, tree_lines
from bot.core.demo.models import HOST_PS_TITLES, ExecView, HostProcess, Table

__all__ = [
    "COMMAND_WIDTH",
    "cut",
    "exec_inside_lines",
    "facts_lines",
    "grid",
    "host_ps_lines",
    "pid_map_lines",
    "top_lines",
    "tree_lines",
]


def top_lines(table: Table) -> list[str]:
    return grid(table.titles, table.rows)


def host_ps_lines(processes: Sequence[HostProcess]) -> list[str]:
    return grid(HOST_PS_TITLES, [p.row() for p in processes])


def exec_inside_lines(view: ExecView) -> list[str]:
    return top_lines(view.inside)
