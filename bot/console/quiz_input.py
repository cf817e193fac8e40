"""Quizzes in the terminal: a bare number answers, Enter goes on, the language is remembered."""

from __future__ import annotations

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
    """Parses a console line, with quiz shorthand: `2` → answer 2; Enter after feedback → next."""

    def __init__(self) -> None:
        self._after_feedback = False

    def line(self, text: str) -> Parsed:
        """The line as a command: the shorthand's, or the grammar's (`grammar.parse`)."""
        word = text.strip()
        if word.isdigit() and len(word) <= 2:
            return Command("answer", word)
        if not word and self._after_feedback:
            return Command("next")
        return parse(text)

    def saw(self, reply: Reply) -> None:
        self._after_feedback = (
            isinstance(reply, AnswerShown) and reply.finished is None and not reply.moved_on
        )


def lang_after(reply: Reply, lang: Lang) -> Lang:
    """The language to go on in: the new one right after `lang zh` or `lang en`."""
    if isinstance(reply, Notice) and reply.key == "lang_set":
        return reply.lang
    return lang
