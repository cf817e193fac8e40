"""Tasks in Block Kit: the task with Check for state tasks, the verdict with Next task."""

from __future__ import annotations

from bot.slack import blocks
from testkit.shell_fakes import hands_on_tutor
from testkit.standin.limits import check_message


def test_a_state_task_has_a_check_button_and_a_verdict_offers_the_next_task() -> None:
    tutor, _, _, _ = hands_on_tutor()
    origin = blocks.Origin(owner="U1", channel="C1")
    tutor.handle("U1", "run")
    shown = blocks.message(tutor.handle("U1", "task task-exit-from-inside"), origin)
    assert check_message(shown.payload()).ok
    assert shown.blocks[-1]["elements"][0]["action_id"] == "ct:check"
    verdict = blocks.message(tutor.handle("U1", "check"), origin)
    assert check_message(verdict.payload()).ok
    assert verdict.blocks[-1]["elements"][0]["action_id"] == "ct:task"


def test_a_demo_reply_offers_run_a_command_and_try_it_yourself() -> None:
    tutor, _, _, _ = hands_on_tutor()
    message = blocks.message(tutor.handle("U1", "run"), blocks.Origin(owner="U1"))
    ids = [e["action_id"] for e in message.blocks[-1]["elements"]]
    assert ids == ["sh:open", "ct:task"]
