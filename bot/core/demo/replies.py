"""What a demo command answers: views of the live demo, an exec, a stop."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.course import Demo, Step
from bot.core.demo.models import DemoViews, ExecView, StopView, ViewName
from bot.core.lang import Lang
from bot.core.messages import say


@dataclass(frozen=True)
class DemoShown:
    """Some of the four views of a live demo, with the buttons for what comes next."""

    demo: Demo
    views: DemoViews
    show: tuple[ViewName, ...]
    steps: tuple[Step, ...]
    lang: Lang = "en"

    @property
    def timing(self) -> str:
        """This container's own create → running time, and whether it was started ahead."""
        views = self.views
        seconds = views.container.start_seconds
        if views.from_pool:
            return say("started_ahead", self.lang, ahead=views.ahead_seconds, seconds=seconds)
        return say("started_now", self.lang, seconds=seconds) if seconds else ""


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
