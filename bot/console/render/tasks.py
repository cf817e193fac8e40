"""Tasks in the terminal: the task to try, then the verdict and why."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from bot.console.render.parts import markup
from bot.core.tasks.replies import TaskChecked, TaskReply, TaskShown


def render_task(reply: TaskReply) -> RenderableType:
    if isinstance(reply, TaskShown):
        body = f"{markup(reply.task.prompt.get(reply.lang))}\n\n[dim]{markup(reply.how)}[/]"
        return Panel(Text.from_markup(body), title=markup(reply.title), title_align="left")
    return _checked(reply)


def _checked(reply: TaskChecked) -> RenderableType:
    style = "green" if reply.correct else "red"
    return Group(
        Text.from_markup(markup(reply.verdict), style=style),
        Text.from_markup(markup(reply.explanation)),
    )
