"""The container's PID namespace when the host's /proc will not say (a tutor that is not root)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.course import Course
from bot.core.demo.ports import SandboxError
from bot.core.demo.service import NAMESPACE_INSIDE, DemoService
from bot.wiring import course_from
from testkit.fakes import FakeHost, FakeSandbox

INSIDE = "pid:[4026532999]"


class HiddenHost(FakeHost):
    """What a non-root tutor sees: the kernel hides other users' namespace links."""

    def pid_namespace(self, pid: int) -> str:
        return "unknown"


class AnsweringSandbox(FakeSandbox):
    def __init__(self, answer: str | None) -> None:
        super().__init__()
        self.answer = answer
        self.asked: list[tuple[str, ...]] = []

    def run_inside(self, container_id: str, command: Sequence[str]) -> str:
        if tuple(command) != NAMESPACE_INSIDE:
            return super().run_inside(container_id, command)
        self.asked.append(tuple(command))
        if self.answer is None:
            raise SandboxError("exec refused")
        return self.answer


@pytest.fixture(scope="module")
def course() -> Course:
    return course_from(Settings())


def service(course: Course, sandbox: FakeSandbox, host: FakeHost) -> DemoService:
    return DemoService(
        course=course,
        sandbox=sandbox,
        host=host,
        capacity=Capacity(2),
        ttl_seconds=600,
        queue_wait=0,
    )


def test_the_host_view_is_used_when_readable(course: Course) -> None:
    sandbox = AnsweringSandbox(INSIDE)
    views = service(course, sandbox, FakeHost()).run("alice")
    assert views.namespaces.container == FakeHost().pid_namespace(0)
    assert sandbox.asked == []


def test_pid_1_is_asked_from_inside_when_the_host_hides_it(course: Course) -> None:
    sandbox = AnsweringSandbox(INSIDE + "\n")
    views = service(course, sandbox, HiddenHost()).run("alice")
    assert views.namespaces.container == INSIDE
    assert sandbox.asked == [NAMESPACE_INSIDE]


@pytest.mark.parametrize("answer", [None, "readlink: not found\n"])
def test_it_stays_unknown_when_inside_cannot_say_either(course: Course, answer: str | None) -> None:
    views = service(course, AnsweringSandbox(answer), HiddenHost()).run("alice")
    assert views.namespaces.container == "unknown"
