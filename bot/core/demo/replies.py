"""What a demo command answers: views of the live demo, an exec, a stop."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.course import Demo, Step, WalkStep
from bot.core.demo.listing import program
from bot.core.demo.models import DemoViews, ExecView, StopView, ViewName
from bot.core.lang import Lang
from bot.core.messages import say, state

THEN = ", then "
"""How the sandbox reports a stop that needed a second signal: `SIGTERM, then SIGKILL`."""


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
        return timing(self.views, self.lang)


def timing(views: DemoViews, lang: Lang) -> str:
    """This container's own create → running time, and whether it was started ahead."""
    seconds = views.container.start_seconds
    if views.from_pool:
        return say("started_ahead", lang, ahead=views.ahead_seconds, seconds=seconds)
    return say("started_now", lang, seconds=seconds) if seconds else ""


@dataclass(frozen=True)
class WalkShown:
    """One step of a demo's guided walk. Its number is all a button needs to show it again,
    so any replica can render any step from the learner's live demo."""

    demo: Demo
    views: DemoViews
    number: int
    """1-based, as the learner counts (and types `walk 2`)."""
    lang: Lang = "en"

    @property
    def timing(self) -> str:
        return timing(self.views, self.lang)

    @property
    def step(self) -> WalkStep:
        return self.demo.walk[self.number - 1]

    @property
    def total(self) -> int:
        return len(self.demo.walk)

    @property
    def last(self) -> bool:
        return self.number == self.total

    @property
    def next_step(self) -> WalkStep | None:
        return None if self.last else self.demo.walk[self.number]

    @property
    def title(self) -> str:
        label = self.step.label.get(self.lang)
        return say("walk_step", self.lang, number=self.number, total=self.total, label=label)

    @property
    def insight(self) -> str:
        """The whole lesson in one line, with this demo's live numbers."""
        views = self.views
        main = next((e for e in views.pid_map if e.ns_pid == 1), None)
        if main is None:
            return ""
        kernel = views.kernel
        key = "walk_insight" if kernel.host == kernel.container else "walk_insight_kernels"
        return say(
            key,
            self.lang,
            program=program(views),
            host_pid=main.host_pid,
            kernel=short_kernel(kernel.host),
            inside=kernel.container,
        )


def short_kernel(release: str) -> str:
    """`6.18.44-cloud-amd64` → `6.18`: the version a learner compares at a glance."""
    found = re.match(r"\d+\.\d+", release)
    return found.group(0) if found else release


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
            signal=signals(view.signal, self.lang),
            pid=view.before.main_pid,
            before=state(view.before.state, self.lang),
            after=state(view.after.state, self.lang),
            code=view.after.exit_code,
            seconds=view.seconds,
        )


def signals(reported: str, lang: Lang) -> str:
    """`SIGTERM, then SIGKILL` in the learner's language; one signal stays as it is."""
    first, then, second = reported.partition(THEN)
    return say("then", lang, first=first, second=second) if then else reported
