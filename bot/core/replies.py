"""Neutral replies: what the tutor means to say, before any adapter gives it a shape."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.answer_reply import Answer
from bot.core.compare_replies import CompareReply
from bot.core.course import Demo, Lang, Lesson, Step
from bot.core.messages import say
from bot.core.models import DemoViews, ExecView, StopView, ViewName
from bot.core.quiz_replies import QuizReply


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


@dataclass(frozen=True)
class DemoShown:
    """Some of the four views of a live demo, with the buttons for what comes next."""

    demo: Demo
    views: DemoViews
    show: tuple[ViewName, ...]
    steps: tuple[Step, ...]
    lang: Lang = "en"


@dataclass(frozen=True)
class ExecShown:
    demo: Demo
    view: ExecView
    lang: Lang = "en"

    @property
    def summary(self) -> str:
        view = self.view
        return say(
            "exec_summary",
            self.lang,
            command=view.command,
            ns_pid=view.process.ns_pid,
            host_pid=view.process.host_pid,
            parent=view.parent_name,
            parent_pid=view.parent_pid,
            main_ns=view.main.ns_pid,
            main_host=view.main.host_pid,
        )


@dataclass(frozen=True)
class StopShown:
    demo: Demo
    view: StopView
    lang: Lang = "en"

    @property
    def summary(self) -> str:
        view = self.view
        return say(
            "stop_summary",
            self.lang,
            signal=view.signal,
            pid=view.before.main_pid,
            before=view.before.state,
            after=view.after.state,
            code=view.after.exit_code,
            seconds=view.seconds,
        )


Reply = (
    Notice
    | Help
    | LessonList
    | DemoShown
    | ExecShown
    | StopShown
    | QuizReply
    | Answer
    | CompareReply
)
