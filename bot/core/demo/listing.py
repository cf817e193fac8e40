"""The views as plain monospace lines, cut to a width: for code blocks, phones and terminals.

One format string serves the header and every row (as in psutil's ps.py); widths count
display cells, so Chinese headers (two cells a character) stay aligned; the last column is
the command and is cut first, so a narrow screen loses the end of a command line, never a
PID. A step of the guided walk is at most `PHONE_LINES` lines of `PHONE_WIDTH` cells.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from bot.core.demo.models import HOST_PS_TITLES, DemoViews, HostProcess, ProcNode, Table
from bot.core.lang import Lang
from bot.core.messages import say

COMMAND_WIDTH = 60
"""A cell is cut to this many cells wherever it is shown."""
PHONE_WIDTH = 60
"""The widest code line a phone shows without scrolling sideways, in cells."""
PHONE_LINES = 12
"""A code block a phone shows in one screen, with the caption and the buttons."""
PHONE_TOP = ("UID", "PID", "PPID", "CMD")
PHONE_PS = ("USER", "PID", "RSS", "STAT", "COMMAND")
NARROW_PS = ("USER", "PID", "PPID", "%MEM", "RSS", "STAT", "TIME", "COMMAND")
"""The host's `ps` columns a narrow terminal keeps: enough to find a process and its parent."""


def cells(text: str) -> int:
    """How many terminal cells `text` takes: wide (East Asian) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cut(text: str, width: int = COMMAND_WIDTH) -> str:
    """`text` in at most `width` cells, ending in "…" when something was cut."""
    if cells(text) <= width:
        return text
    kept, used = [], 0
    for ch in text:
        used += cells(ch)
        if used > width - 1:
            break
        kept.append(ch)
    return "".join(kept) + "…"


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cells(text))


def grid(
    titles: Sequence[str], rows: Sequence[Sequence[str]], *, width: int | None = None
) -> list[str]:
    """Left-aligned columns, the last one free: header first, then one line per row.

    With `width`, every line is cut to it: the last column (the command) loses its end.
    """
    if not titles:
        return []
    table = [list(titles)] + [
        [cut(str(c)) for c in row[: len(titles)]] + [""] * (len(titles) - len(row)) for row in rows
    ]
    widths = [max(cells(row[i]) for row in table) for i in range(len(titles))]
    lines = [
        "  ".join([*(pad(c, w) for c, w in zip(row[:-1], widths, strict=False)), row[-1]]).rstrip()
        for row in table
    ]
    return [cut(line, width) for line in lines] if width else lines


def picked(table: Table, titles: Sequence[str]) -> tuple[list[str], list[list[str]]]:
    """Only the columns of `titles` that the table has, found by title (ps decides order)."""
    kept = [title for title in titles if table.has(title)]
    return kept, [list(row) for row in zip(*(table.column(t) for t in kept), strict=True)]


def tree_lines(node: ProcNode, *, width: int | None = None) -> list[str]:
    """Like `pstree -halps`: one process per line, `name,pid args`, children indented."""
    lines: list[str] = []

    def walk(current: ProcNode, prefix: str, last: bool, root: bool) -> None:
        branch = "" if root else ("`-" if last else "|-")
        line = f"{prefix}{branch}{current.name},{current.pid} {cut(current.args)}".rstrip()
        lines.append(cut(line, width) if width else line)
        child_prefix = prefix if root else prefix + ("  " if last else "| ")
        for index, child in enumerate(current.children):
            walk(child, child_prefix, index == len(current.children) - 1, False)

    walk(node, "", True, True)
    return lines


def pid_map_lines(views: DemoViews, lang: Lang = "en", *, width: int | None = None) -> list[str]:
    titles = (say("col_inside", lang), say("col_host", lang), say("col_command", lang))
    rows = [(str(e.ns_pid), str(e.host_pid), e.cmd) for e in views.pid_map]
    return grid(titles, rows, width=width)


def facts_lines(views: DemoViews, lang: Lang = "en", *, width: int | None = None) -> list[str]:
    """PID namespace and kernel, inside and on the host: the two facts of one shared kernel."""
    return grid(
        ("", say("col_container", lang), say("col_host", lang)),
        [
            (say("row_pid_ns", lang), views.namespaces.container, views.namespaces.host),
            (say("row_kernel", lang), views.kernel.container, views.kernel.host),
        ],
        width=width,
    )


def host_ps_lines(
    processes: Sequence[HostProcess], titles: Sequence[str], *, width: int | None = None
) -> list[str]:
    table = Table(titles=HOST_PS_TITLES, rows=tuple(p.row() for p in processes))
    kept, rows = picked(table, titles)
    return grid(kept, rows, width=width)


def program(views: DemoViews) -> str:
    """The main process's program name, as `grep` would look for it: `nginx`, `sleep`."""
    main = next((e for e in views.pid_map if e.ns_pid == 1), None)
    first = main.cmd.split()[0] if main is not None and main.cmd.split() else ""
    return first.rstrip(":").rsplit("/", 1)[-1] or views.container.demo


def phone_lines(views: DemoViews, view: str, lang: Lang = "en") -> list[str]:
    """One view for a phone: the command that shows it, then at most `PHONE_LINES` lines."""
    width = PHONE_WIDTH
    name = views.container.name
    if view == "top":
        titles, rows = picked(views.top, PHONE_TOP)
        body = [shell(f"docker container top {name}", width), *grid(titles, rows, width=width)]
    elif view == "ps":
        listing = host_ps_lines(views.host_ps, PHONE_PS, width=width)
        body = [shell(f"ps aux | grep {program(views)}", width), *listing]
    elif view == "tree":
        main = views.container.main_pid
        body = [shell(f"pstree -halps {main}", width), *tree_lines(views.tree, width=width)]
    else:  # the facts (one namespace each side, one kernel) are the point: cut the map
        facts = facts_lines(views, lang, width=width)
        room = PHONE_LINES - len(facts) - 1
        body = [*fit_lines(pid_map_lines(views, lang, width=width), room, lang), "", *facts]
    return fit_lines(body, PHONE_LINES, lang)


def shell(command: str, width: int) -> str:
    """A command as typed at a prompt, shortened in the middle (a long container name)."""
    line = f"$ {command}"
    if cells(line) <= width:
        return line
    words = line.split(" ")
    longest = max(range(len(words)), key=lambda i: cells(words[i]))
    spare = cells(line) - width + 1
    word = words[longest]
    keep = max(4, cells(word) - spare)
    words[longest] = word[: keep // 2] + "…" + word[len(word) - (keep - keep // 2) :]
    return cut(" ".join(words), width)


def fit_lines(lines: list[str], most: int, lang: Lang) -> list[str]:
    """At most `most` lines; a cut listing says how many lines it left out."""
    if len(lines) <= most:
        return lines
    kept = lines[: most - 1]
    return [*kept, say("lines_more", lang, more=len(lines) - len(kept))]
