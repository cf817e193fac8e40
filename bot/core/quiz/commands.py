"""The quiz verbs of the grammar, and the learner settings adapters need (language, zone).

`quiz [LESSON]`, `answer N`, `next`, `progress`, `review [at HH:MM | off]` and
`lang en|zh` all arrive here from the tutor; a store failure or anything the learner
can fix becomes a notice, never an exception.
"""

from __future__ import annotations

from dataclasses import replace
from typing import get_args

from bot.core.course import Course
from bot.core.grammar import Command, clean_text
from bot.core.lang import Lang
from bot.core.quiz.choice import choice_number
from bot.core.quiz.mastery import progress
from bot.core.quiz.ports import Clock, ProgressStore, StoreError
from bot.core.quiz.replies import ProgressShown, QuizReply
from bot.core.quiz.review import ReviewPlanner, parse_time
from bot.core.quiz.service import QuizError, QuizService
from bot.core.replies import Notice

LANGS: tuple[Lang, ...] = get_args(Lang)
INFO = frozenset({"review_nothing_due"})  # said plainly: nothing went wrong


class QuizCommands:
    """What adapters hold: the quiz flow, the review planner and learner settings."""

    def __init__(self, *, course: Course, store: ProgressStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.course = course
        self.service = QuizService(course=course, store=store, clock=clock)
        self.planner = ReviewPlanner(quiz=self.service, store=store, clock=clock)

    def handle(self, owner: str, command: Command, lang: Lang) -> QuizReply | Notice:
        try:
            return self._dispatch(owner, command, lang)
        except QuizError as error:
            return Notice(error.key, dict(error.params), error.key not in INFO, lang)
        except StoreError:
            return Notice("store_down", {}, True, lang)

    def _dispatch(self, owner: str, command: Command, lang: Lang) -> QuizReply | Notice:
        verb, argument = command.verb, command.argument
        if command.about is not None and verb in ("answer", "next"):
            return self._clicked(owner, command, command.about, lang)
        if verb == "quiz":
            return self.service.start(owner, argument, lang=lang)
        if verb == "answer":
            return self.service.answer_current(owner, argument, lang=lang)
        if verb == "next":
            return self.service.next_current(owner, lang=lang)
        if verb == "progress":
            return self.progress(owner, lang)
        if verb == "review":
            return self._review(owner, argument, lang)
        return self._lang(owner, argument, lang)

    def _clicked(
        self, owner: str, command: Command, about: tuple[str, str], lang: Lang
    ) -> QuizReply:
        """A quiz button: about the question it was made for, which may be over by now."""
        attempt, question = about
        if command.verb == "answer":
            # read as typed text is (NFKC: "²" is 2), and a value that is no choice gets the
            # refusal typed text gets, unless the question is over: then the click is stale
            choice = choice_number(clean_text(command.argument))
            index = choice - 1 if choice is not None else -1
            return self.service.answer(owner, attempt, question, index, lang=lang)
        upcoming = self.service.next(owner, attempt, question, lang=lang)
        before = self.service.feedback(owner, attempt, question, lang=lang)
        if upcoming is not None:
            return replace(upcoming, previous=before)
        if before is None:
            raise QuizError("quiz_stale")
        return before  # a double click: the first one moved on already

    def progress(self, owner: str, lang: Lang) -> ProgressShown:
        with self.store.unit() as unit:
            learner = unit.learner(owner)
            cards = unit.cards(owner)
        return progress(self.course, learner, cards, self.clock.now(), lang)

    def _review(self, owner: str, argument: str, lang: Lang) -> QuizReply | Notice:
        word = argument.strip().lower()
        if not word or word == "now":
            return self.service.start_review(owner, lang=lang)
        if word in ("off", "stop", "none"):
            was_on = self.planner.off(owner)
            return Notice("review_off" if was_on else "review_was_off", lang=lang)
        hhmm = parse_time(word)
        if hhmm is None:
            return Notice("review_bad_time", {"text": _cut(argument)}, True, lang)
        tz, _first = self.planner.set(owner, hhmm)
        return Notice("review_set", {"time": hhmm, "tz": tz}, lang=lang)

    def _lang(self, owner: str, argument: str, lang: Lang) -> Notice:
        wanted = argument.strip().lower()[:2]
        if wanted not in LANGS:
            return Notice("lang_usage", {"current": lang}, bool(argument.strip()), lang)
        chosen: Lang = "zh" if wanted == "zh" else "en"
        self.set_lang(owner, chosen)
        return Notice("lang_set", lang=chosen)

    # ------------------------------------------------------------------ learner settings

    def chosen_lang(self, owner: str) -> Lang | None:
        """The language the learner picked with `lang`, if they did."""
        with self.store.unit() as unit:
            return unit.learner(owner).lang

    def set_lang(self, owner: str, lang: Lang) -> None:
        with self.store.unit() as unit:
            unit.save_learner(replace(unit.learner(owner), lang=lang))

    def remember(self, owner: str, *, locale_lang: Lang, tz: str | None) -> None:
        """What Slack says of the learner: the default language and the review time zone."""
        with self.store.unit() as unit:
            learner = unit.learner(owner)
            updated = replace(learner, locale_lang=locale_lang, tz=tz or learner.tz)
            if updated != learner:
                unit.save_learner(updated)


def _cut(text: str) -> str:
    return "".join(ch for ch in text.strip()[:40] if ch.isalnum() or ch in ":.-_ ")
