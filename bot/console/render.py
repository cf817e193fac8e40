"""Render neutral replies for a terminal with rich: tables, trees and colour."""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text
from rich.tree import Tree

from bot.core.answer.replies import Answer
from bot.core.course import Demo, Step
from bot.core.demo.models import HOST_PS_TITLES, DemoViews, ProcNode, Table
from bot.core.demo.replies import DemoShown, ExecShown, StopShown
from bot.core.lang import Lang
from bot.core.messages import HELP
from bot.core.quiz.replies import AnswerShown, ProgressShown, QuestionShown
from bot.core.replies import Help, LessonList, Notice
from bot.core.reply import Reply
from bot.core.vm.replies import CompareShown, VmShown

ARGS_WIDTH = 70
_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*([^*\n]+)\*")


def markup(text: str) -> str:
    """Slack-flavoured Markdown (the neutral form) to rich markup, escaping everything else."""
    safe = escape(text)
    safe = _CODE.sub(lambda m: f"[bold cyan]{m.group(1)}[/]", safe)
    return _BOLD.sub(lambda m: f"[bold]{m.group(1)}[/]", safe)


def render(reply: Reply) -> RenderableType:
    match reply:
        case Notice():
            return Text.from_markup(markup(reply.text), style="red" if reply.error else "")
        case Help():
            return _help(reply)
        case LessonList():
            return _lessons(reply)
        case DemoShown():
            return Group(*_demo(reply))
        case ExecShown():
            return _exec(reply)
        case StopShown():
            return _stop(reply)
        case QuestionShown() | AnswerShown() | ProgressShown():
            from bot.console.quiz_render import render_quiz  # it builds on `markup` here

            return render_quiz(reply)
        case Answer():
            from bot.console.answer_view import render_answer  # it builds on `markup` here

            return render_answer(reply)
        case VmShown() | CompareShown():
            from bot.console.compare_render import render_compare  # it builds on this module

            return render_compare(reply)


def _caption(demo: Demo, step: Step, lang: Lang) -> RenderableType:
    caption = demo.captions.get(step)
    return Text.from_markup(markup(caption.get(lang))) if caption else Text("")


def _help(reply: Help) -> RenderableType:
    table = RichTable(show_header=False, box=None, padding=(0, 2))
    for usage, text in HELP:
        table.add_row(f"[bold cyan]{escape(usage)}[/]", markup(text[reply.lang]))
    parts: list[RenderableType] = []
    if reply.unknown is not None:
        parts.append(Text.from_markup(markup(reply.unknown.text), style="red"))
    parts.append(table)
    return Group(*parts)


def _lessons(reply: LessonList) -> RenderableType:
    parts: list[RenderableType] = []
    for lesson in reply.lessons:
        body = "\n".join(f"• {markup(s.title.get(reply.lang))}" for s in lesson.sections)
        parts.append(
            Panel(
                f"{markup(lesson.summary.get(reply.lang))}\n\n{body}",
                title=f"[bold]{escape(lesson.title.get(reply.lang))}[/]",
                subtitle=f"quiz {escape(lesson.id)}",
            )
        )
    return Group(*parts)


def _demo(reply: DemoShown) -> Iterator[RenderableType]:
    views = reply.views
    ref = views.container
    yield Text.from_markup(
        f"[bold]{escape(reply.demo.title.get(reply.lang))}[/]  "
        f"[dim]{escape(ref.name)} · {escape(ref.image)} · {escape(ref.state)}"
        + (f" · ready in {views.seconds:.2f} s" if views.seconds else "")
        + (f" · {escape(reply.timing)}" if reply.timing else "")
        + "[/]"
    )
    for view in reply.show:
        yield _caption(reply.demo, view, reply.lang)
        if view == "top":
            yield table_of(views.top, title="docker container top NAME -ef")
            yield table_of(views.top_aux, title="docker container top NAME aux")
        elif view == "ps":
            yield _host_ps(views)
        elif view == "tree":
            yield tree_of(views.tree, title="pstree -halps (host)")
        else:
            yield _pids(views)
    steps = "  ".join(f"[cyan]{step}[/]" for step in reply.steps)
    yield Text.from_markup(f"[dim]next:[/] {steps}")


def table_of(table: Table, *, title: str) -> RichTable:
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


def _host_ps(views: DemoViews) -> RichTable:
    out = RichTable(title="ps aux (host)", title_justify="left", header_style="bold")
    for name in HOST_PS_TITLES:
        out.add_column(
            name, overflow="ellipsis", max_width=ARGS_WIDTH if name == "COMMAND" else None
        )
    for p in views.host_ps:
        out.add_row(*(escape(cell) for cell in p.row()))
    return out


def tree_of(node: ProcNode, *, title: str, highlight: frozenset[int] = frozenset()) -> Tree:
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


def _pids(views: DemoViews) -> RenderableType:
    out = RichTable(title="PID inside ↔ PID on the host", title_justify="left", header_style="bold")
    out.add_column("inside the container", justify="right")
    out.add_column("on the host", justify="right")
    out.add_column("command", overflow="ellipsis", max_width=ARGS_WIDTH)
    for entry in views.pid_map:
        out.add_row(str(entry.ns_pid), str(entry.host_pid), escape(entry.cmd))
    facts = RichTable(show_header=True, header_style="bold", box=None, padding=(0, 2))
    facts.add_column("")
    facts.add_column("container")
    facts.add_column("host")
    facts.add_row("PID namespace", views.namespaces.container, views.namespaces.host)
    facts.add_row("kernel (uname -r)", escape(views.kernel.container), escape(views.kernel.host))
    return Group(out, facts)


def _exec(reply: ExecShown) -> RenderableType:
    view = reply.view
    return Group(
        _caption(reply.demo, "exec", reply.lang),
        Text.from_markup(markup(reply.summary)),
        table_of(view.inside, title="ps inside the container"),
        tree_of(
            view.tree, title="pstree on the host", highlight=frozenset({view.process.host_pid})
        ),
    )


def _stop(reply: StopShown) -> RenderableType:
    return Group(_caption(reply.demo, "stop", reply.lang), Text.from_markup(markup(reply.summary)))
