"""A learner walks through the demo on a phone: the real bot, the real engine, a Slack
stand-in. Every step replaces the message in place and fits one phone screen."""

from __future__ import annotations

import os
import re
from typing import Any

from testkit.standin import ApiCall, check_phone
from tests.e2e.conftest import Bot
from tests.e2e.slack_text import block_text, button
from tests.e2e.test_slack_demo import DM, final_update, host_cmdline


def walk_message(bot: Bot) -> dict[str, Any]:
    """The walk's one message in the DM (a picture sent meanwhile comes after it)."""
    return next(m for m in reversed(bot.slack.messages(DM)) if "ct:walk_more" in str(m))


def choose(bot: Bot, label: str) -> Any:
    """Pick the option `label` of the walk's menu (an overflow or a select)."""
    message = walk_message(bot)
    menu = button(message, "ct:walk_more")
    option = next(o for o in menu["options"] if o["text"]["text"] == label)
    return bot.slack.send_action(
        bot.url, action_id="ct:walk_more", option=option, channel_id=DM, message=message
    )


def press(bot: Bot, action_id: str) -> Any:
    message = walk_message(bot)
    value = button(message, action_id)["value"]
    return bot.slack.send_action(
        bot.url, action_id=action_id, value=value, channel_id=DM, message=message
    )


def next_update(bot: Bot, needle: str) -> ApiCall:
    return final_update(bot, needle, after=bot.slack.calls("chat.update")[-1].at)


def test_the_walk_goes_step_by_step_in_place_and_fits_a_phone(bot: Bot) -> None:
    bot.slack.send_command(bot.url, text="run", channel_id="C1")
    first = final_update(bot, "Step 1 of 4")
    text = block_text(first.args["blocks"])
    found = re.search(r"\*nginx\* is PID 1 inside and PID \*(\d+)\* on the host", text)
    assert found is not None
    master = int(found.group(1))
    assert host_cmdline(master).startswith("nginx: master process")
    assert f"same kernel {'.'.join(os.uname().release.split('.')[:2])}" in text
    assert "$ docker container top container-tutor-nginx-" in text

    assert press(bot, "ct:walk_next").status == 200
    second = next_update(bot, "Step 2 of 4")
    assert second.args["ts"] == first.args["ts"]  # the same message, edited in place
    assert "$ ps aux | grep nginx" in block_text(second.args["blocks"])
    assert str(master) in block_text(second.args["blocks"])

    assert choose(bot, "4. why the PIDs differ").status == 200
    fourth = next_update(bot, "Step 4 of 4")
    assert os.uname().release in block_text(fourth.args["blocks"])
    labels = [e["text"]["text"] for e in fourth.args["blocks"][-1]["elements"] if "text" in e]
    assert labels == ["Back", "Exec a process", "Stop the main process", "Boot a VM", "Quiz me"]

    picked = choose(bot, "Show as a picture")  # the PID map, drawn and sent to the DM
    bot.slack.wait_for_call("files.completeUploadExternal", timeout=30)
    assert "sent the picture" in bot.slack.wait_for_response(picked.response_url_id).args["text"]

    press(bot, "ct:walk_back")
    third = next_update(bot, "Step 3 of 4")
    assert f"nginx,{master}" in block_text(third.args["blocks"])
    assert "containerd-shim" in block_text(third.args["blocks"])

    press(bot, "ct:walk_all")
    everything = next_update(bot, "PID namespace")
    assert "`ps aux` (host)" in block_text(everything.args["blocks"])

    in_dm = [
        c for c in bot.slack.calls() if c.args.get("channel") == DM and c.method.startswith("chat.")
    ]
    assert len([c for c in in_dm if c.method == "chat.postMessage"]) == 1  # the rest in place
    steps = [c for c in in_dm if "Step " in block_text(c.args.get("blocks"))]
    assert len(steps) == 4
    assert all(check_phone(c.args) == [] for c in steps)
    assert all(call.ok for call in bot.slack.calls())


def test_the_walk_speaks_chinese_to_a_chinese_learner(bot: Bot) -> None:
    bot.slack.send_command(bot.url, text="lang zh", channel_id="C1")
    bot.slack.wait_for_call("chat.postMessage", where=lambda c: c.args["channel"] == DM)
    bot.slack.send_command(bot.url, text="run", channel_id="C1")
    first = final_update(bot, "第 1 步，共 4 步")
    text = block_text(first.args["blocks"])
    assert "在容器裡是 PID 1，在主機上是 PID" in text
    assert "運行中" in text and "running" not in text
    press(bot, "ct:walk_next")
    second = next_update(bot, "第 2 步，共 4 步：從主機上看")
    assert check_phone(second.args) == []
