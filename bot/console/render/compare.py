"""The VM and the comparison in the terminal: one column per side, one row per question."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from bot.console.render.parts import markup, table_of, tree_of
from bot.core.course import Step
from bot.core.demo.models import Table
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.vm import text as compare_text
from bot.core.vm.replies import CompareReply, CompareShown, VmShown

GUEST_ROWS_SHOWN = 14
"""The guest's list is long (dozens of kernel threads); its head and tail tell the story."""


def render_compare(reply: CompareReply) -> RenderableType:
    match reply:
        case VmShown():
            return _vm(reply)
        case CompareShown():
            return _compare(reply)


def _vm(reply: VmShown) -> RenderableType:
    view, lang = reply.view, reply.lang
    return Group(
        Text.from_markup(
            f"[bold]{markup(say('vm_title', lang))}[/]  [dim]{markup(view.container.name)}[/]"
        ),
        Text.from_markup(markup(compare_text.vm_summary(view, lang))),
        tree_of(compare_text.host_tree(view.host), title=say("vm_host_title", lang)),
        table_of(_head_and_tail(view.guest.ps), title=say("vm_guest_title", lang)),
        _steps(reply.steps, lang),
    )


def _compare(reply: CompareShown) -> RenderableType:
    comparison, lang = reply.comparison, reply.lang
    table = RichTable(show_lines=True, header_style="bold", expand=True)
    table.add_column("", style="bold", ratio=1)
    for side in comparison.sides:
        table.add_column(markup(compare_text.side_title(side, lang)), ratio=3)
    for title, cells in compare_text.rows(comparison, lang):
        table.add_row(markup(title), *(markup(cell) for cell in cells))
    parts: list[RenderableType] = [
        Text.from_markup(f"[bold]{markup(say('compare_title', lang))}[/]"),
        Text.from_markup(
            f"[dim]{markup(say('compare_host_kernel', lang, kernel=comparison.host_kernel))}[/]"
        ),
        table,
    ]
    if comparison.gvisor == "absent":
        parts.append(Text.from_markup(markup(say("gvisor_absent", lang)), style="yellow"))
    elif comparison.gvisor == "failed":
        failed = say("gvisor_failed", lang, detail=comparison.gvisor_detail)
        parts.append(Text.from_markup(markup(failed), style="yellow"))
    parts.append(_steps(reply.steps, lang))
    return Group(*parts)


def _head_and_tail(ps: Table) -> Table:
    if len(ps.rows) <= GUEST_ROWS_SHOWN or not ps.titles:
        return ps
    half = GUEST_ROWS_SHOWN // 2
    hidden = len(ps.rows) - 2 * half
    gap = ("…", *([""] * (len(ps.titles) - 2)), f"… {hidden}")
    return Table(titles=ps.titles, rows=(*ps.rows[:half], gap, *ps.rows[-half:]))


def _steps(steps: tuple[Step, ...], lang: Lang) -> Text:
    if not steps:
        return Text("")
    listed = "  ".join(f"[cyan]{step}[/]" for step in steps)
    return Text.from_markup(f"[dim]{markup(say('next_steps', lang))}[/] {listed}")
