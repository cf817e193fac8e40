"""Tasks in Block Kit: the task with Check for state tasks, the verdict with Next task."""

from __future__ import annotations

import json

from bot.core.grammar import Command, parse
from bot.slack.blocks import dispatch, kit
from testkit.shell_fakes import hands_on_tutor
from testkit.standin.limits import check_message, check_phone


def test_a_state_task_has_a_check_button_and_a_verdict_offers_the_next_task() -> None:
    tutor, _, _, _ = hands_on_tutor()
    origin = kit.Origin(owner="U1", channel="C1")
    tutor.handle("U1", parse("run"))
    shown = dispatch.message(tutor.handle("U1", parse("task task-exit-from-inside")), origin)
    assert check_message(shown.payload()).ok
    check = shown.blocks[-1]["elements"][0]
    assert check["action_id"] == "ct:check"
    assert kit.read_value(check["value"]).command == Command("check")
    verdict = dispatch.message(tutor.handle("U1", parse("check")), origin)
    assert check_message(verdict.payload()).ok
    next_task = verdict.blocks[-1]["elements"][0]
    assert next_task["action_id"] == "ct:task"
    assert kit.read_value(next_task["value"]).command == Command("task")


def test_a_demo_reply_offers_run_a_command_and_try_it_yourself() -> None:
    tutor, _, _, _ = hands_on_tutor()
    message = dispatch.message(tutor.handle("U1", parse("run --all")), kit.Origin(owner="U1"))
    ids = [e["action_id"] for e in message.blocks[-1]["elements"]]
    assert ids == ["sh:open", "ct:task"]


def test_the_walks_last_step_offers_them_in_its_menu_and_still_fits_a_phone() -> None:
    tutor, _, _, _ = hands_on_tutor()
    origin = kit.Origin(owner="U1", channel="D1", dm="D1")
    first = dispatch.message(tutor.handle("U1", parse("run")), origin)
    steps = len(tutor.course.demo("nginx").walk)  # type: ignore[union-attr]
    last = dispatch.message(tutor.handle("U1", parse(f"walk {steps}")), origin)
    assert "sh:open" not in json.dumps(first.blocks)  # a step before the end stays small
    (menu,) = [e for e in last.blocks[-1]["elements"] if e["type"] != "button"]
    picked = {o["text"]["text"]: kit.read_value(o["value"]) for o in menu["options"]}
    assert picked["Run a command"].extra == {"a": "sh"}
    assert picked["Try it yourself"].command == Command("task")
    assert check_phone(last.payload()) == [] and check_message(last.payload()).ok
