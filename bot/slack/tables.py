"""Plain monospace text for the views, as Slack code blocks and "show all" files need it.

One format string serves the header and every row (as in psutil's ps.py); long
commands are cut to a readable width; missing cells are blank, never an error.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.demo.models import HOST_PS_TITLES, DemoViews, ExecView, HostProcess, ProcNode, Table

COMMAND_WIDTH = 60


def cut(text: str, width: int = COMMAND_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def grid(titles: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns, the last one free-width: header first, then one line per row."""
    if not titles:
        return []
    cells = [[cut(str(cell)) for cell in row] for row in rows]
    widths = [len(title) for title in titles]
    for row in cells:
        for index, cell in enumerate(row[: len(titles)]):
            widths[index] = max(widths[index], len(cell))
    template = "  ".join(f"{{:<{w}}}" for w in widths[:-1]) + ("  {}" if len(widths) > 1 else "{}")
    padded = [row + [""] * (len(titles) - len(row)) for row in cells]
    return [template.format(*titles).rstrip()] + [
        template.format(*r[: len(titles)]).rstrip() for r in padded
    ]


def top_lines(table: Table) -> list[str]:
    return grid(table.titles, table.rows)


def host_ps_lines(processes: Sequence[HostProcess]) -> list[str]:
    return grid(HOST_PS_TITLES, [p.row() for p in processes])


def tree_lines(node: ProcNode, *, width: int = COMMAND_WIDTH) -> list[str]:
    """Like `pstree -halps`: one process per line, `name,pid args`, children indented."""
    lines: list[str] = []

    def walk(current: ProcNode, prefix: str, last: bool, root: bool) -> None:
        branch = "" if root else ("`-" if last else "|-")
        lines.append(
            f"{prefix}{branch}{current.name},{current.pid} {cut(current.args, width)}".rstrip()
        )
        child_prefix = prefix if root else prefix + ("  " if last else "| ")
        for index, child in enumerate(current.children):
            walk(child, child_prefix, index == len(current.children) - 1, False)

    walk(node, "", True, True)
    return lines


def pid_map_lines(views: DemoViews) -> list[str]:
    rows = [(str(e.ns_pid), str(e.host_pid), e.cmd) for e in views.pid_map]
    return grid(("INSIDE", "HOST", "COMMAND"), rows)


def facts_lines(views: DemoViews) -> list[str]:
    return grid(
        ("", "CONTAINER", "HOST"),
        [
            ("PID namespace", views.namespaces.container, views.namespaces.host),
            ("kernel (uname -r)", views.kernel.container, views.kernel.host),
        ],
    )


def exec_inside_lines(view: ExecView) -> list[str]:
    return top_lines(view.inside)
