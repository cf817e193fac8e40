"""The neutral reply to a question: the answer and where it came from, or a refusal.

Every sentence is already in the asker's language and script (English, Traditional or
Simplified Chinese), so adapters only arrange them: the console prints them, Slack puts
them in blocks with a button, `--json` dumps the fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.answer.bands import Band
from bot.core.course import Step
from bot.core.lang import Lang

Script = Literal["en", "zh-Hant", "zh-Hans"]
"""BCP 47 tags for the asker's writing: English, Traditional or Simplified Chinese."""


@dataclass(frozen=True)
class Topic:
    """A section (or, when `section` is None, a whole lesson) offered instead of an answer."""

    lesson: str
    section: str | None
    title: str


@dataclass(frozen=True)
class Choice:
    """An entry offered when the tutor is not sure: clicking (or asking) it answers it.

    `entry` is the FAQ entry's id, or `lesson/section` for a section's own text; `title`
    is how the entry is asked (its first phrasing) or named, in the asker's script.
    """

    entry: str
    lesson: str
    section: str
    title: str


@dataclass(frozen=True)
class Answer:
    """What the tutor says to a question.

    `band` says how sure the tutor was: "answer" (the entry's text, `lesson` set),
    "unsure" (`text` says so and `choices` holds the two best entries) or "decline"
    (`text` says it does not know and `topics` lists the closest sections it teaches).
    """

    text: str
    lang: Lang
    script: Script
    score: float
    lesson: str | None = None
    section: str | None = None
    faq: str | None = None
    source: str = ""
    """"From the lesson …, section …": names where the answer came from."""
    see: Step | None = None
    hint: str = ""
    """"See it live: `/container-demo pids`", unless the answer already says so."""
    demo: str | None = None
    """The demo that proves it, for a button that runs it."""
    live_label: str = ""
    topics: tuple[Topic, ...] = ()
    topics_text: str = ""
    band: Band = "answer"
    choices: tuple[Choice, ...] = ()
    question: str = ""
    """The question as asked, for the feedback buttons and the question log."""
    feedback_labels: tuple[str, str] = ("", "")
    """*Helpful* and *Not helpful*, in the asker's script."""

    @property
    def declined(self) -> bool:
        """Nothing answered: a refusal, or an unsure reply that only offers choices."""
        return self.lesson is None

    @property
    def entry(self) -> str | None:
        """The FAQ entry id, or `lesson/section` for a section's own text; None if unanswered."""
        if self.lesson is None:
            return None
        return self.faq or f"{self.lesson}/{self.section}"
