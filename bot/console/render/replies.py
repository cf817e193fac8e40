"""The replies every feature shares (`bot.core.replies`): notices, help and the lesson list."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from bot.console.render.parts import markup
from bot.core.messages import HELP
from bot.core.replies import Help, LessonList, Notice


def render_notice(reply: Notice) -> RenderableType:
    return Text.from_markup(markup(reply.text), style="red" if reply.error else "")


def render_help(reply: Help) -> RenderableType:
    """Every command with its one-line use; an unknown command's suggestion comes first."""
    table = RichTable(show_header=False, box=None, padding=(0, 2))
    for usage, text in HELP:
        table.add_row(f"[bold cyan]{escape(usage)}[/]", markup(text[reply.lang]))
    parts: list[RenderableType] = []
    if reply.unknown is not None:
        parts.append(Text.from_markup(markup(reply.unknown.text), style="red"))
    parts.append(table)
    return Group(*parts)


def render_lessons(reply: LessonList) -> RenderableType:
    """One panel per lesson: its summary, its sections, and the command for its quiz."""
    parts: list[RenderableType] = []
    for lesson in reply.lessons:
        body = "\n".join(f"• {markup(s.title.get(reply.lang))}" for s in lesson.sections)
        parts.append(
            Panel(
                f"{markup(lesson.summary.get(reply.lang))}\n\n{body}",
                title=f"[bold]{escape(lesson.title.get(reply.lang))}[/]",
                subtitle=f"[cyan]quiz {escape(lesson.id)}[/]",
            )
        )
    return Group(*parts)
