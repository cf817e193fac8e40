"""Shorthand in the terminal: a bare number answers a quiz, Enter goes on (to the next
question, or the walk's next step), and the language is remembered."""

from __future__ import annotations

from bot.core.demo.replies import WalkShown
from bot.core.grammar import Command, Parsed, parse
from bot.core.lang import Lang
from bot.core.quiz.ports import StoreError
from bot.core.quiz.replies import AnswerShown
from bot.core.replies import Notice
from bot.core.reply import Reply
from bot.core.tutor import Tutor

OWNER = "console"  # the terminal's one learner (the REPL's owner too)


def console_lang(tutor: Tutor, flag: str | None) -> Lang:
    """`--lang` when given, else the language last chosen with `lang`, else English."""
    if flag is not None:
        return "zh" if flag.strip().lower() == "zh" else "en"
    if tutor.quiz is not None:
        try:
            return tutor.quiz.chosen_lang(OWNER) or "en"
        except StoreError:
            return "en"
    return "en"


class QuizInput:
    """Parses a console line, with shorthand: `2` → answer 2; Enter after feedback → next;
    Enter after a step of the walk → its next step."""

    def __init__(self) -> None:
        self._after_feedback = False
        self._walk_next: Command | None = None

    def line(self, text: str) -> Parsed:
        """The line as a command: the shorthand's, or the grammar's (`grammar.parse`)."""
        word = text.strip()
        if word.isdigit() and len(word) <= 2:
            return Command("answer", word)
        if not word and self._after_feedback:
            return Command("next")
        if not word and self._walk_next is not None:
            return self._walk_next
        return parse(text)

    def saw(self, reply: Reply) -> None:
        self._after_feedback = (
            isinstance(reply, AnswerShown) and reply.finished is None and not reply.moved_on
        )
        self._walk_next = None
        if isinstance(reply, WalkShown) and not reply.last:
            self._walk_next = Command("walk", str(reply.number + 1))


def lang_after(reply: Reply, lang: Lang) -> Lang:
    """The language to go on in: the new one right after `lang zh` or `lang en`."""
    if isinstance(reply, Notice) and reply.key == "lang_set":
        return reply.lang
    return lang
