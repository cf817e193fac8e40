"""Demo sessions on fake ports: one demo per learner, replacing, exiting, cleaning."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pytest

from bot.config import Settings
from bot.core.capacity import Capacity, Ticket
from bot.core.course import Course
from bot.core.demo.models import Table
from bot.core.demo.service import DemoError, DemoService, parse_ps
from bot.wiring import course_from
from testkit.fakes import FakeHost, FakeSandbox


@pytest.fixture(scope="module")
def course() -> Course:
    return course_from(Settings())


def service(course: Course, sandbox: FakeSandbox, *, limit: int = 4) -> DemoService:
    return DemoService(
        course=course,
        sandbox=sandbox,
        host=FakeHost(),
        capacity=Capacity(limit),
        ttl_seconds=600,
        queue_wait=0,
        clock=lambda: 100.0,
    )


def test_run_shows_the_four_views(course: Course) -> None:
    views = service(course, FakeSandbox()).run("alice")
    assert views.container.owner == "alice"
    assert [e.ns_pid for e in views.pid_map] == [1, 2, 3]
    assert views.pid_map[0].host_pid == views.container.main_pid
    assert views.kernel.container == views.kernel.host
    assert views.namespaces.container != views.namespaces.host


def test_a_second_run_replaces_the_first(course: Course) -> None:
    sandbox = FakeSandbox()
    demos = service(course, sandbox, limit=1)
    first = demos.run("alice").container
    second = demos.run("alice", "busybox").container
    assert sandbox.get(first.id) is None
    assert sandbox.get(second.id) is not None
    assert second.demo == "busybox"


def test_two_learners_never_share_a_demo(course: Course) -> None:
    demos = service(course, FakeSandbox())
    alice = demos.run("alice").container
    bob = demos.run("bob").container
    assert alice.id != bob.id
    demos.clean("alice")
    assert demos.current("bob").id == bob.id
    with pytest.raises(DemoError, match="no_demo"):
        demos.current("alice")


def test_the_cap_says_busy_when_full(course: Course) -> None:
    demos = service(course, FakeSandbox(), limit=1)
    demos.run("alice")
    with pytest.raises(DemoError) as error:
        demos.run("bob")
    assert error.value.key == "busy_gave_up"


def test_an_unknown_demo_names_the_known_ones(course: Course) -> None:
    with pytest.raises(DemoError) as error:
        service(course, FakeSandbox()).run("alice", "postgres")
    assert error.value.key == "unknown_demo"
    assert "nginx" in str(error.value.params["known"])


def test_stop_turns_the_container_to_exited_and_views_then_say_so(course: Course) -> None:
    demos = service(course, FakeSandbox())
    demos.run("alice")
    stopped = demos.stop("alice")
    assert (stopped.before.state, stopped.after.state, stopped.after.exit_code) == (
        "running",
        "exited",
        0,
    )
    with pytest.raises(DemoError) as error:
        demos.views("alice")
    assert error.value.key == "demo_exited"


def test_exec_finds_the_new_process_under_the_shim(course: Course) -> None:
    demos = service(course, FakeSandbox())
    demos.run("alice")
    view = demos.exec("alice")
    assert view.parent_name == "containerd-shim"
    assert view.process.ns_pid == 4
    assert view.main.ns_pid == 1


def test_reaping_gives_the_slot_back(course: Course) -> None:
    sandbox = FakeSandbox()
    demos = DemoService(
        course=course,
        sandbox=sandbox,
        host=FakeHost(),
        capacity=Capacity(1),
        ttl_seconds=50,
        queue_wait=0,
        clock=lambda: 100.0,
    )
    demos.run("alice")
    assert demos.reap()
    demos.run("bob")


def test_a_failed_start_gives_the_slot_back(course: Course) -> None:
    from bot.core.demo.ports import SandboxError

    demos = service(course, FakeSandbox(fail_start="engine down"), limit=1)
    with pytest.raises(SandboxError):
        demos.run("alice")
    demos._sandbox = FakeSandbox()  # type: ignore[assignment]
    demos.run("bob")


def test_parse_ps_keeps_spaces_in_the_last_column() -> None:
    table = parse_ps("  PID  PPID USER     COMMAND\n    1     0 root     nginx: master process\n")
    assert table.column("COMMAND") == ["nginx: master process"]
    assert table.column("PID") == ["1"]


def test_a_queued_learner_is_told_their_place_then_served(course: Course) -> None:
    import threading

    demos = DemoService(
        course=course,
        sandbox=FakeSandbox(),
        host=FakeHost(),
        capacity=Capacity(1),
        ttl_seconds=600,
        queue_wait=10,
    )
    demos.run("alice")
    told: list[tuple[str, dict[str, object]]] = []
    served = threading.Event()

    def bob() -> None:
        demos.run("bob", notify=lambda key, params: told.append((key, params)))
        served.set()

    waiter = threading.Thread(target=bob)
    waiter.start()
    while not told:
        threading.Event().wait(0.01)
    assert told[0] == ("busy", {"position": 1, "limit": 1})
    assert not served.is_set()
    demos.clean("alice")
    waiter.join(5)
    assert served.is_set()
    assert demos.current("bob").owner == "bob"


class CountingSandbox(FakeSandbox):
    """Counts what the views ask the engine."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def tops(self, container_id: str) -> tuple[Table, Table]:
        self.asked.append("tops")
        return super().tops(container_id)

    def run_inside(self, container_id: str, command: Sequence[str]) -> str:
        self.asked.append(" ".join(command))
        return super().run_inside(container_id, command)


def test_a_view_asks_for_both_top_shapes_once_and_the_kernel_only_the_first_time(
    course: Course,
) -> None:
    sandbox = CountingSandbox()
    demos = service(course, sandbox)
    first = demos.run("alice", "nginx")
    assert sorted(sandbox.asked) == ["tops", "uname -r"]
    sandbox.asked.clear()
    again = demos.views("alice")
    assert sandbox.asked == ["tops"]
    assert again.kernel == first.kernel


def test_a_replaced_demo_passes_its_slot_on_even_with_others_queued(course: Course) -> None:
    sandbox = FakeSandbox()
    demos = service(course, sandbox, limit=1)
    demos.run("alice")
    waiting = Ticket("bob")
    assert not demos.capacity.reserve(waiting)
    again = demos.run("alice", "busybox")  # no wait: alice's slot carries over
    assert again.container.demo == "busybox"
    assert demos.capacity.holds("alice") and not waiting.granted
    demos.clean("alice")
    assert waiting.granted


class SlowWorkers(FakeSandbox):
    """nginx as it starts: the master alone for the first looks, then its workers."""

    def __init__(self, *, master_alone_for: int) -> None:
        super().__init__()
        self.looks = 0
        self.master_alone_for = master_alone_for

    def top(self, container_id: str, *, shape: Literal["ef", "aux"]) -> Table:
        self.looks += 1
        table = super().top(container_id, shape="ef")
        return (
            table
            if self.looks > self.master_alone_for
            else table.model_copy(update={"rows": table.rows[:1]})
        )

    def tops(self, container_id: str) -> tuple[Table, Table]:
        ef = self.top(container_id, shape="ef")
        return ef, ef


def test_the_first_views_wait_until_the_master_has_forked_its_workers(course: Course) -> None:
    sandbox = SlowWorkers(master_alone_for=3)
    views = service(course, sandbox).run("alice")  # nginx: ready_processes 2
    assert [e.ns_pid for e in views.pid_map] == [1, 2, 3]
    assert sandbox.looks > 3


def test_a_demo_that_never_forks_is_shown_as_it_is_after_the_wait(
    course: Course, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.core.demo.service.SETTLE_SECONDS", 0.1)
    views = service(course, SlowWorkers(master_alone_for=10**6)).run("alice")
    assert [e.ns_pid for e in views.pid_map] == [1]
