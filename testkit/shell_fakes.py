"""A `Shell` port in memory: records what it was asked and answers with a canned run."""

from __future__ import annotations

import threading

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.demo.service import DemoService
from bot.core.shell.limits import ShellLimits
from bot.core.shell.models import ShellRun
from bot.core.shell.service import ShellService
from bot.core.tutor import Tutor
from bot.wiring import course_from
from testkit.fakes import FakeHost, FakeSandbox


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
