"""`shell` and `run -it` typed at the tutor prompt: open the terminal, hand the keyboard
over, and say afterwards what became of the container."""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console

from bot.console.render.parts import markup
from bot.console.tty import attach
from bot.core.demo.models import ContainerRef
from bot.core.demo.ports import SandboxError
from bot.core.demo.service import DemoError
from bot.core.grammar import TERMINAL_VERBS, Command
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.shell.terminal import Opened, TerminalService


def open_terminal(
    terminals: TerminalService, owner: str, command: Command, *, console: Console, lang: Lang
) -> None:
    """`shell` (or `run -it`, the other command `grammar.wants_terminal` accepts)."""
    try:
        if command.verb in TERMINAL_VERBS:
            opened = terminals.shell(owner)
            intro = say("tty_exec", lang, name=opened.container.name)
        else:
            with console.status("…", spinner="dots") as status:

                def notify(key: str, params: dict[str, Any]) -> None:
                    status.update(markup(say(key, lang, **params)))  # "you are number N"

                opened = terminals.run_it(owner, notify=notify)
            intro = say("tty_run_it", lang, name=opened.container.name)
    except DemoError as error:
        console.print(markup(say(error.key, lang, **error.params)), style="red")
        return
    except SandboxError as error:
        console.print(markup(say("engine", lang, detail=str(error))), style="red")
        return
    console.print(markup(intro))
    try:
        attach(opened.tty, stdin=sys.stdin.fileno(), stdout=sys.stdout.fileno())
    finally:
        opened.tty.close()
        after = terminals.after(opened)  # a `run -it` container goes, and its slot with it
    console.print()
    console.print(markup(_outcome(opened, after, lang)))


def _outcome(opened: Opened, after: ContainerRef | None, lang: Lang) -> str:
    name = opened.container.name
    if opened.fresh:
        code = after.exit_code if after is not None else "?"
        return say("tty_exited", lang, name=name, code=code)
    return say("tty_left_running", lang, name=name, state=after.state if after else "gone")
