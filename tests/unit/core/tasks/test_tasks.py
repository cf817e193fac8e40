"""Try it yourself: tasks offered after the views, checked against the live demo, and
counted toward mastery and spaced review like quiz questions."""

from __future__ import annotations

from bot.config import Settings
from bot.core.grammar import parse
from bot.core.quiz.replies import ProgressShown
from bot.core.replies import Notice
from bot.core.shell.models import ShellRun
from bot.core.tasks.checkers import CHECKS
from bot.core.tasks.names import CHECKERS
from bot.core.tasks.replies import TaskChecked, TaskShown
from bot.wiring import course_from
from testkit.shell_fakes import FakeShell, hands_on_tutor


def test_every_checker_name_has_a_checker_and_the_course_has_tasks_in_each_lesson() -> None:
    assert set(CHECKS) == set(CHECKERS)
    course = course_from(Settings())
    tasks = [task for lesson in course.lessons for task in lesson.tasks]
    assert len(tasks) >= 6
    assert all(lesson.tasks for lesson in course.lessons)
    assert all(task.prompt.zh and task.explanation.zh for task in tasks)


def test_the_host_pid_task_is_checked_live_and_counts_toward_mastery() -> None:
    tutor, sandbox, store, _ = hands_on_tutor()
    tutor.handle("alice", parse("run"))
    offered = tutor.handle("alice", parse("task task-host-pid-of-nginx"))
    assert isinstance(offered, TaskShown) and "check" in offered.how
    main = next(iter(sandbox.containers.values())).main_pid
    wrong = tutor.handle("alice", parse("check 1"))
    assert isinstance(wrong, TaskChecked) and not wrong.correct
    assert f"your demo says {main}" in wrong.verdict
    right = tutor.handle("alice", parse(f"check {main}"))
    assert isinstance(right, TaskChecked) and right.correct
    card = store.state.cards[("alice", "task-host-pid-of-nginx")]
    assert card.reviews == 2 and card.last_correct
    progress = tutor.handle("alice", parse("progress"))
    assert isinstance(progress, ProgressShown)
    first = progress.lessons[0]
    assert first.total == len(first.lesson.quiz) + len(first.lesson.tasks)


def test_a_missed_task_comes_back_first() -> None:
    tutor, _, _, clock = hands_on_tutor()
    tutor.handle("alice", parse("run"))
    tutor.handle("alice", parse("task task-count-workers"))
    tutor.handle("alice", parse("check 17"))
    clock.advance(days=2)
    again = tutor.handle("alice", parse("task"))
    assert isinstance(again, TaskShown) and again.task.id == "task-count-workers"


def test_exiting_from_inside_is_seen_in_the_demos_state_but_stop_does_not_count() -> None:
    shell = FakeShell(ShellRun(output="", exit_code=0, container_exited=True))
    tutor, sandbox, _, _ = hands_on_tutor(shell)
    tutor.handle("alice", parse("run"))
    offered = tutor.handle("alice", parse("task task-exit-from-inside"))
    assert isinstance(offered, TaskShown) and offered.task.answered == "state"
    not_yet = tutor.handle("alice", parse("check"))
    assert isinstance(not_yet, TaskChecked) and not not_yet.correct
    tutor.handle("alice", parse("stop"))
    stopped = tutor.handle("alice", parse("check"))
    assert isinstance(stopped, TaskChecked) and not stopped.correct
    tutor.handle("alice", parse("run"))
    tutor.handle("alice", parse("sh kill 1"))
    ref = next(c for c in sandbox.containers.values() if c.owner == "alice")
    sandbox.containers[ref.id] = ref.model_copy(update={"state": "exited", "exit_code": 0})
    done = tutor.handle("alice", parse("check"))
    assert isinstance(done, TaskChecked) and done.correct


def test_the_exec_parent_task_wants_a_second_process_first() -> None:
    tutor, _, _, _ = hands_on_tutor()
    tutor.handle("alice", parse("run"))
    tutor.handle("alice", parse("task task-exec-parent"))
    none_yet = tutor.handle("alice", parse("check containerd-shim"))
    assert isinstance(none_yet, Notice) and none_yet.key == "task_needs_exec"
    tutor.handle("alice", parse("exec"))
    named = tutor.handle("alice", parse("check containerd-shim-runc-v2"))
    assert isinstance(named, TaskChecked) and named.correct
    assert named.expected == "containerd-shim (PID 900)"


def test_checking_needs_an_open_task_an_answer_and_the_right_demo() -> None:
    tutor, _, _, _ = hands_on_tutor()
    assert tutor.handle("alice", parse("check 1")) == Notice("task_none_open", {}, True)
    tutor.handle("alice", parse("run busybox"))
    tutor.handle("alice", parse("task task-host-pid-of-nginx"))
    empty = tutor.handle("alice", parse("check"))
    assert isinstance(empty, Notice) and empty.key == "task_answer_first"
    other = tutor.handle("alice", parse("check 5"), lang="zh")
    assert isinstance(other, Notice) and "run nginx" in other.text
    unknown = tutor.handle("alice", parse("task <nope>"))
    assert isinstance(unknown, Notice) and "'nope'" in unknown.text


def test_the_task_offered_follows_the_learners_demo() -> None:
    tutor, _, _, _ = hands_on_tutor()
    tutor.handle("alice", parse("run busybox"))
    offered = tutor.handle("alice", parse("task"))
    assert isinstance(offered, TaskShown) and offered.task.demo == "busybox"


def test_the_run_it_shell_pid_is_read_live_from_the_demos_main_process() -> None:
    """Not a constant 1: whatever PID the main process holds inside is the answer (here 2,
    as under an init process such as `--init`), and a host that cannot see it says so."""
    tutor, sandbox, _, _ = hands_on_tutor()
    tutor.handle("alice", parse("run busybox"))
    ref = next(c for c in sandbox.containers.values() if c.owner == "alice")
    sandbox.pids[ref.id] = [ref.main_pid + 1, ref.main_pid, ref.main_pid + 2]
    tutor.handle("alice", parse("task task-run-it-shell-pid"))
    wrong = tutor.handle("alice", parse("check 1"))
    assert isinstance(wrong, TaskChecked) and not wrong.correct and wrong.expected == "2"
    right = tutor.handle("alice", parse("check 2"))
    assert isinstance(right, TaskChecked) and right.correct
    sandbox.pids[ref.id] = [ref.main_pid + 1]
    hidden = tutor.handle("alice", parse("check 2"), lang="zh")
    assert isinstance(hidden, Notice) and hidden.key == "task_not_visible"
    assert "主進程" in hidden.text
