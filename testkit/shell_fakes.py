"""A `Shell` port in memory (records what it was asked, answers a canned run), and the
tutor with `sh` and tasks wired on fakes."""

from __future__ import annotations

import threading

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.demo.service import DemoService
from bot.core.quiz.commands import QuizCommands
from bot.core.shell.limits import ShellLimits
from bot.core.shell.models import ShellRun
from bot.core.shell.service import ShellService
from bot.core.tasks.service import TaskService
from bot.core.tutor import Tutor
from bot.wiring import course_from
from testkit.fakes import FakeHost, FakeSandbox
from testkit.quiz_fakes import FakeClock, MemoryStore


class FakeShell:
    def __init__(self, run: ShellRun | None = None) -> None:
        self.asked: list[tuple[str, str]] = []
        self.answer = run or ShellRun(
            output="PID USER COMMAND\n1 root nginx: master process\n",
            exit_code=0,
            host_pid=4242,
            parent_pid=900,
            parent_name="containerd-shim-runc-v2",
        )
        self.hold = threading.Event()
        self.hold.set()
        self.entered = threading.Event()

    def run(self, container_id: str, text: str, *, timeout: float, max_output: int) -> ShellRun:
        self.asked.append((container_id, text))
        self.entered.set()
        self.hold.wait(5)
        return self.answer


def shell_tutor(
    shell: FakeShell, *, limits: ShellLimits | None = None
) -> tuple[Tutor, FakeSandbox]:
    """The real tutor and course, `sh` on a fake shell and the demos on a fake engine."""
    course = course_from(Settings())
    sandbox = FakeSandbox()
    demos = DemoService(
        course=course,
        sandbox=sandbox,
        host=FakeHost(),
        capacity=Capacity(4),
        ttl_seconds=600,
        queue_wait=0,
    )
    service = ShellService(demos=demos, shell=shell, limits=limits)
    return Tutor(course=course, demos=demos, shell=service), sandbox


class FamilyHost(FakeHost):
    """Like the real host: a demo's workers are children of its main process (PIDs end in
    1 and 2 in `FakeSandbox`); anything else, an exec'd process, hangs under the shim."""

    def parent(self, pid: int) -> tuple[int, str]:
        if pid % 10 in (1, 2):
            return pid - pid % 10, "nginx"
        return super().parent(pid)


def hands_on_tutor(
    shell: FakeShell | None = None,
) -> tuple[Tutor, FakeSandbox, MemoryStore, FakeClock]:
    """The real tutor and course with `sh` and tasks, on fakes: engine, host, store, clock."""
    course = course_from(Settings())
    sandbox = FakeSandbox()
    host = FamilyHost()
    demos = DemoService(
        course=course,
        sandbox=sandbox,
        host=host,
        capacity=Capacity(4),
        ttl_seconds=600,
        queue_wait=0,
    )
    store, clock = MemoryStore(), FakeClock()
    sh = ShellService(demos=demos, shell=shell or FakeShell())
    tasks = TaskService(
        course=course, demos=demos, sandbox=sandbox, host=host, store=store, clock=clock, shell=sh
    )
    quiz = QuizCommands(course=course, store=store, clock=clock)
    tutor = Tutor(course=course, demos=demos, quiz=quiz, shell=sh, tasks=tasks)
    return tutor, sandbox, store, clock
