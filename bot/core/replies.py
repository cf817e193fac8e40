"""Neutral replies: what the tutor means to say, before any adapter gives it a shape."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.course import Lesson
from bot.core.lang import Lang
from bot.core.messages import say


@dataclass(frozen=True)
class Notice:
    """A sentence from the message catalogue; `error` marks something that did not happen."""

    key: str
    params: dict[str, object] = field(default_factory=dict)
    error: bool = False
    lang: Lang = "en"

    @property
    def text(self) -> str:
        return say(self.key, self.lang, **self.params)


@dataclass(frozen=True)
class Help:
    """The command list; with the lessons and demos it doubles as the starting menu."""

    lang: Lang = "en"
    unknown: Notice | None = None
    lessons: tuple[Lesson, ...] = ()


@dataclass(frozen=True)
class LessonList:
    lessons: tuple[Lesson, ...]
    lang: Lang = "en"
