"""A demo in the terminal: the four views of one container, `exec` and `stop`."""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.table import Table as RichTable
from rich.text import Text

from bot.console.render.parts import ARGS_WIDTH, markup, table_of, tree_of
from bot.core.course import Demo, Step
from bot.core.demo.models import HOST_PS_TITLES, DemoViews
from bot.core.demo.replies import DemoShown, ExecShown, StopShown
from bot.core.lang import Lang


def render_demo(reply: DemoShown | ExecShown | StopShown) -> RenderableType:
    match reply:
        case DemoShown():
            return Group(*_demo(reply))
        case ExecShown():
            return _exec(reply)
        case StopShown():
            return _stop(reply)


def _caption(demo: Demo, step: Step, lang: Lang) -> RenderableType:
    caption = demo.captions.get(step)
    return Text.from_markup(markup(caption.get(lang))) if caption else Text("")


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


def _host_ps(views: DemoViews) -> RichTable:
    out = RichTable(title="ps aux (host)", title_justify="left", header_style="bold")
    for name in HOST_PS_TITLES:
        out.add_column(
            name, overflow="ellipsis", max_width=ARGS_WIDTH if name == "COMMAND" else None
        )
    for p in views.host_ps:
        out.add_row(*(escape(cell) for cell in p.row()))
    return out


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
