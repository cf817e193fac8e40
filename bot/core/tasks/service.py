"""Try it yourself: offer a task, check it against the live demo, remember how it went.

Each check is rated like a quiz answer: a card per (learner, task) in the progress store,
rescheduled by the same FSRS, so tasks count toward a lesson's mastery and come back when
due (`task` offers due and missed ones first). The open task is kept in memory: after a
restart, `task` offers it again.
"""

from __future__ import annotations

import threading

from bot.core.course import Course, Lesson, Task
from bot.core.demo.ports import HostInspector, Sandbox
from bot.core.demo.service import DemoError, DemoService
from bot.core.lang import Lang
from bot.core.quiz import spacing
from bot.core.quiz.ports import Clock, ProgressStore, StoreError
from bot.core.quiz.service import mastered
from bot.core.shell.service import ShellService
from bot.core.tasks.checkers import CHECKS, Live
from bot.core.tasks.replies import TaskChecked, TaskShown

ANSWER_LIMIT = 200


class TaskService:
    def __init__(
        self,
        *,
        course: Course,
        demos: DemoService,
        sandbox: Sandbox,
        host: HostInspector,
        store: ProgressStore,
        clock: Clock,
        shell: ShellService | None = None,
    ) -> None:
        self._course = course
        self._demos = demos
        self._sandbox = sandbox
        self._host = host
        self._store = store
        self._clock = clock
        self._shell = shell
        self._open: dict[str, str] = {}
        self._guard = threading.Lock()

    def offer(self, owner: str, wanted: str = "", *, lang: Lang = "en") -> TaskShown:
        """The task asked for, else the next one for the learner's demo: due first, then new."""
        lesson, task = self._find(wanted.strip().lower()) if wanted.strip() else self._next(owner)
        with self._guard:
            self._open[owner] = task.id
        return TaskShown(lesson, task, lesson.tasks.index(task) + 1, len(lesson.tasks), lang)

    def check(self, owner: str, answer: str, *, lang: Lang = "en") -> TaskChecked:
        with self._guard:
            task_id = self._open.get(owner)
        found = self._course.task(task_id) if task_id else None
        if found is None:
            raise DemoError("task_none_open")
        _lesson, task = found
        answer = answer.strip()[:ANSWER_LIMIT]
        if task.answered == "typed" and not answer:
            raise DemoError("task_answer_first")
        ref = self._demos.current(owner)
        if ref.demo != task.demo:
            raise DemoError("task_wrong_demo", demo=task.demo)
        inside = self._shell is not None and self._shell.exited_from_inside(owner, ref.id)
        live = Live(ref=ref, sandbox=self._sandbox, host=self._host, exited_from_inside=inside)
        verdict = CHECKS[task.checker](live, answer)
        self._remember(owner, task, verdict.correct)
        return TaskChecked(task, verdict.correct, verdict.expected, answer, lang)

    def _remember(self, owner: str, task: Task, correct: bool) -> None:
        now = self._clock.now()
        try:
            with self._store.unit() as unit:
                card = unit.card(owner, task.id)
                unit.save_card(
                    spacing.review(card, learner=owner, question=task.id, correct=correct, at=now)
                )
        except StoreError:
            raise DemoError("store_down") from None

    def _find(self, wanted: str) -> tuple[Lesson, Task]:
        found = self._course.task(wanted)
        if found is not None:
            return found
        for index, lesson in enumerate(self._course.lessons, start=1):
            if lesson.tasks and wanted in (lesson.id, str(lesson.order), str(index)):
                return lesson, lesson.tasks[0]
        known = ", ".join(f"`{t.id}`" for lesson in self._course.lessons for t in lesson.tasks)
        raise DemoError("task_unknown", name=_safe(wanted), known=known)

    def _next(self, owner: str) -> tuple[Lesson, Task]:
        tasks = [(lesson, task) for lesson in self._course.lessons for task in lesson.tasks]
        if not tasks:
            raise DemoError("task_none")
        try:
            with self._store.unit() as unit:
                cards = {c.question: c for c in unit.cards(owner)}
                today = spacing.day_end(unit.learner(owner).tz, self._clock.now())
        except StoreError:
            raise DemoError("store_down") from None
        demo = self._demo_of(owner)

        def rank(item: tuple[int, tuple[Lesson, Task]]) -> tuple[int, int, int]:
            index, (_lesson, task) = item
            card = cards.get(task.id)
            state = 1 if card is None else (2 if mastered(card, today) else 0)
            return (0 if task.demo == demo else 1, state, index)

        return min(enumerate(tasks), key=rank)[1]

    def _demo_of(self, owner: str) -> str:
        try:
            return self._demos.current(owner).demo
        except DemoError:
            return ""


def _safe(text: str) -> str:
    return "".join(ch for ch in text[:40] if ch.isalnum() or ch in "-_. ")
