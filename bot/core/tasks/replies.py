"""What the task verbs answer: a task to try, and the verdict on it."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.course import Lesson, Task
from bot.core.lang import Lang
from bot.core.messages import say


@dataclass(frozen=True)
class TaskShown:
    lesson: Lesson
    task: Task
    number: int
    total: int
    lang: Lang = "en"

    @property
    def title(self) -> str:
        return say(
            "task_title",
            self.lang,
            number=self.number,
            total=self.total,
            lesson=self.lesson.title.get(self.lang),
        )

    @property
    def how(self) -> str:
        key = "task_how_state" if self.task.answered == "state" else "task_how_typed"
        return say(key, self.lang, demo=self.task.demo)


@dataclass(frozen=True)
class TaskChecked:
    task: Task
    correct: bool
    expected: str
    given: str
    lang: Lang = "en"

    @property
    def verdict(self) -> str:
        if self.correct:
            return say("task_right", self.lang, expected=self.expected)
        if self.task.answered == "state":
            return say("task_not_yet", self.lang, expected=self.expected)
        return say("task_wrong", self.lang, given=self.given[:40], expected=self.expected)

    @property
    def explanation(self) -> str:
        return self.task.explanation.get(self.lang)


TaskReply = TaskShown | TaskChecked
