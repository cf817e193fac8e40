"""The terminal tutor: the same grammar as Slack, in a read-eval-print loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console

from bot.console.picture_file import draw
from bot.console.quiz_input import QuizInput, lang_after
from bot.console.render import render
from bot.console.render.parts import markup
from bot.core.grammar import Command
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.picture.ports import Painter
from bot.core.reply import Reply
from bot.core.tutor import Tutor

OWNER = "console"
QUIT = {"quit", "exit", "q", ":q"}
BANNER = {
    "en": "container-tutor: a container is a process on the host. Try `run`, then `pids`. "
    "`help` lists commands, `quit` leaves (and removes your demo).",
    "zh": "container-tutor：容器是主機上的一個進程。試試 `run`，再試 `pids`。"
    "`help` 列出指令，`quit` 離開（並刪除你的示範）。",
}


def run_console(
    tutor: Tutor,
    *,
    console: Console,
    lang: Lang = "en",
    read: Callable[[str], str] = input,
    painter: Painter | None = None,
) -> None:
    console.print(markup(BANNER[lang]))
    quiz = QuizInput()
    try:
        while True:
            try:
                line = read("tutor> ")
            except (EOFError, KeyboardInterrupt):
                console.print()
                break
            if line.strip().lower() in QUIT:
                break
            with console.status("…", spinner="dots") as status:

                def notify(key: str, params: dict[str, Any], lang: Lang = lang) -> None:
                    status.update(markup(say(key, lang, **params)))

                command = quiz.line(line)
                reply = tutor.handle(OWNER, command, lang=lang, notify=notify)
            quiz.saw(reply)
            lang = lang_after(reply, lang)
            console.print(render(reply))
            if isinstance(command, Command) and command.picture is not None:
                _draw(reply, command.picture, painter, console, lang)
    finally:
        tutor.handle(OWNER, Command("clean"), lang=lang)


def _draw(reply: Reply, path: str, painter: Painter | None, console: Console, lang: Lang) -> None:
    drawn = draw(reply, path, lang, painter)
    if drawn is not None:  # None: the command failed, and its reply said why
        console.print(markup(drawn.message))
