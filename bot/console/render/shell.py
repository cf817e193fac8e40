"""`sh` in the terminal: the command and its output as the learner would see them in a shell."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from bot.console.render.parts import markup
from bot.core.shell.replies import ShellShown


def render_shell(reply: ShellShown) -> RenderableType:
    view = reply.view
    transcript = Text(f"$ {view.command}\n", style="bold")
    transcript.append(view.run.output.rstrip("\n"))  # Text, not markup: nothing is interpreted
    ok = view.run.exit_code == 0
    status = Text(reply.status, style="green" if ok else "red")
    lines: list[RenderableType] = [
        Panel(transcript, title=view.container, title_align="left"),
        status,
    ]
    notes = (reply.where, *reply.notes)
    lines += [Text.from_markup(markup(line), style="dim") for line in notes if line]
    return Group(*lines)
