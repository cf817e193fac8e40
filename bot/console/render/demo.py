"""A demo in the terminal: the four views of one container, a step of its walk, exec, stop.

Every title and header comes from the message catalogue, so `console --lang zh` is Chinese
throughout; below 100 columns the tables print plain, in the `ps` style (`parts.ByWidth`).
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.text import Text

from bot.console.render.parts import markup, plain_table, table_of, tree_of
from bot.core.course import Demo, Step
from bot.core.demo.listing import NARROW_PS
from bot.core.demo.models import HOST_PS_TITLES, DemoViews
from bot.core.demo.replies import DemoShown, ExecShown, StopShown, WalkShown
from bot.core.lang import Lang
from bot.core.messages import button, say, state, view_title


def render_demo(reply: DemoShown | WalkShown | ExecShown | StopShown) -> RenderableType:
    match reply:
        case DemoShown():
            return Group(*_demo(reply))
        case WalkShown():
            return Group(*_walk(reply))
        case ExecShown():
            return _exec(reply)
        case StopShown():
            return _stop(reply)


def _caption(demo: Demo, step: Step, lang: Lang) -> RenderableType:
    caption = demo.captions.get(step)
    return Text.from_markup(markup(caption.get(lang))) if caption else Text("")


def _facts(reply: DemoShown | WalkShown) -> str:
    views, lang = reply.views, reply.lang
    ref = views.container
    facts = [ref.name, ref.image, state(ref.state, lang)]
    if views.seconds:
        facts.append(say("ready", lang, seconds=views.seconds))
    if reply.timing:
        facts.append(reply.timing)
    return "[dim]" + escape(" · ".join(facts)) + "[/]"


def _demo(reply: DemoShown) -> Iterator[RenderableType]:
    lang = reply.lang
    yield Text.from_markup(f"[bold]{escape(reply.demo.title.get(lang))}[/]  {_facts(reply)}")
    for view in reply.show:
        yield _caption(reply.demo, view, lang)
        yield from view_of(reply.views, view, lang)
    steps = "  ".join(f"[cyan]{step}[/]" for step in reply.steps)
    yield Text.from_markup(f"[dim]{escape(say('next_steps', lang))}[/] {steps}")
    if reply.views.container.state == "running":
        yield Text.from_markup(markup(say("task_offer", lang)))


def _walk(reply: WalkShown) -> Iterator[RenderableType]:
    """One step: the insight first (step 1), the step's caption, its view, how to go on."""
    lang = reply.lang
    if reply.number == 1 and reply.insight:
        yield Text.from_markup(markup(reply.insight))
        yield Text.from_markup(_facts(reply))
    yield Text.from_markup(f"[bold]{escape(reply.title)}[/]")
    yield Text.from_markup(markup(reply.step.caption.get(lang)))
    yield from view_of(reply.views, reply.step.view, lang, brief=True)
    if reply.next_step is not None:
        hint = say("walk_enter", lang, label=reply.next_step.label.get(lang))
    else:
        ends = ", ".join(f"`{end}`" for end in reply.demo.walk_end)
        hint = say("walk_done", lang, steps=ends)
    yield Text.from_markup(markup(hint), style="dim")
    if reply.next_step is None and reply.views.container.state == "running":
        yield Text.from_markup(markup(say("task_offer", lang)))


def view_of(
    views: DemoViews, view: str, lang: Lang, *, brief: bool = False
) -> Iterator[RenderableType]:
    """One of the four views, titled in the learner's language; `brief`: `top` in one shape."""
    if view == "top":
        name = views.container.name
        yield table_of(views.top, title=f"$ docker container top {name} -ef")
        if not brief:
            yield table_of(views.top_aux, title=f"$ docker container top {name} aux")
    elif view == "ps":
        yield _host_ps(views, lang)
    elif view == "tree":
        yield tree_of(views.tree, title=view_title("tree", lang))
    else:
        yield from _pids(views, lang)


def _host_ps(views: DemoViews, lang: Lang) -> RenderableType:
    rows = [p.row() for p in views.host_ps]
    return plain_table(view_title("ps", lang), HOST_PS_TITLES, rows, narrow=NARROW_PS)


def _pids(views: DemoViews, lang: Lang) -> Iterator[RenderableType]:
    titles = (say("col_inside", lang), say("col_host", lang), say("col_command", lang))
    rows = [(str(e.ns_pid), str(e.host_pid), e.cmd) for e in views.pid_map]
    yield plain_table(view_title("pids", lang), titles, rows)
    yield plain_table(
        "",
        ("", say("col_container", lang), say("col_host", lang)),
        [
            (say("row_pid_ns", lang), views.namespaces.container, views.namespaces.host),
            (say("row_kernel", lang), views.kernel.container, views.kernel.host),
        ],
    )


def _exec(reply: ExecShown) -> RenderableType:
    view, lang = reply.view, reply.lang
    return Group(
        Text.from_markup(f"[bold]{escape(button('exec', lang))}[/]"),
        _caption(reply.demo, "exec", lang),
        Text.from_markup(markup(reply.summary)),
        table_of(view.inside, title=say("exec_inside_title", lang)),
        tree_of(
            view.tree,
            title=say("exec_host_title", lang),
            highlight=frozenset({view.process.host_pid}),
        ),
    )


def _stop(reply: StopShown) -> RenderableType:
    return Group(_caption(reply.demo, "stop", reply.lang), Text.from_markup(markup(reply.summary)))
