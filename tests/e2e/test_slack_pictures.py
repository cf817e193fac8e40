"""From Slack: *Show as a picture* uploads the live demo, drawn, to the learner's DM.

The real bot (`serve`) against the Slack stand-in and the real engine: the upload takes
Slack's three steps, and the picture's alt text and PNG hold the demo's own numbers.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from testkit.png import PICTURE_BUDGET, png_size
from testkit.standin.server import UploadedFile
from tests.conftest import OURS
from tests.e2e.conftest import Bot
from tests.e2e.slack_text import block_text, button
from tests.e2e.test_slack_demo import DM, click, final_update


def uploaded(bot: Bot, *, count: int = 1) -> UploadedFile:
    done = bot.slack.wait_for_call("files.completeUploadExternal", count=count, timeout=30)
    assert done.ok, done.error
    file_id = done.response["files"][0]["id"]
    return next(f for f in bot.slack.files if f.id == file_id)


def main_pid(engine: Any) -> int:
    (container,) = [
        c
        for c in engine.containers.list(filters=OURS)
        if c.name.startswith("container-tutor-nginx-")
    ]
    return int(container.attrs["State"]["Pid"])


def test_the_pid_map_is_sent_as_a_picture_of_the_live_demo(bot: Bot, engine: Any) -> None:
    bot.slack.send_command(bot.url, text="run --all", channel_id="C1")
    final_update(bot, "nginx: master process")
    answer = click(bot, "pic:show")
    assert answer.status == 200
    picture = uploaded(bot)
    assert picture.channel_id == DM and picture.filename == "container-tutor-pids.png"
    assert picture.data is not None and len(picture.data) <= PICTURE_BUDGET
    assert png_size(picture.data)[0] == 1200
    alt = picture.alt_txt or ""
    assert f"PID 1 inside and PID {main_pid(engine)} on the host" in alt
    assert "host's PID namespace pid:[" in alt and "one shared kernel" in alt
    steps = [c.method for c in bot.slack.calls() if "upload" in c.method.lower()]
    assert steps == ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
    sent = bot.slack.wait_for_response(answer.response_url_id)
    assert "sent the picture" in sent.args["text"]
    assert all(call.ok for call in bot.slack.calls())


def test_a_chinese_learner_gets_chinese_labels(bot: Bot, engine: Any) -> None:
    bot.slack.user_locales["U2"] = "zh-TW"
    bot.slack.send_command(bot.url, text="run --all", channel_id="C1", user_id="U2")
    bot.slack.wait_for_call(
        "chat.update",
        timeout=60,
        where=lambda c: (
            c.args.get("channel") == "DU2" and "以圖片顯示" in block_text(c.args.get("blocks"))
        ),
    )
    message = bot.slack.last_message("DU2")
    assert message is not None
    value = button(message, "pic:show")["value"]
    bot.slack.send_action(
        bot.url, action_id="pic:show", value=value, user_id="U2", channel_id="DU2", message=message
    )
    picture = uploaded(bot)
    assert f"在主機上是 PID {main_pid(engine)}" in (picture.alt_txt or "")


def test_only_the_owner_may_ask_for_the_picture(bot: Bot) -> None:
    bot.slack.send_command(bot.url, text="run busybox --all", channel_id="C1")
    final_update(bot, "sleep 3600")
    answer = click(bot, "pic:show", user="U2")
    refusal = bot.slack.wait_for_response(answer.response_url_id)
    assert "belongs to <@U1>" in refusal.args["text"]
    assert not bot.slack.calls("files.getUploadURLExternal")


@pytest.fixture
def tcg(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot boots its VM in software emulation, as CI can everywhere (read at bot start)."""
    monkeypatch.setenv("VM_ACCEL", "tcg")


@pytest.mark.vm
def test_the_comparison_is_sent_as_two_stacks(tcg: None, bot: Bot, engine: Any) -> None:
    bot.slack.send_command(bot.url, text="compare", channel_id="C1")
    final_update(bot, "Virtual machine (qemu)")
    click(bot, "pic:show")
    picture = uploaded(bot)
    assert picture.filename == "container-tutor-vm.png"
    alt = picture.alt_txt or ""
    (qemu,) = [
        c for c in engine.containers.list(filters=OURS) if c.name.startswith("container-tutor-vm-")
    ]
    assert f"qemu-system-x86_64 · host PID {int(qemu.attrs['State']['Pid'])}" in alt
    assert f"Under all of them: host kernel: Linux {os.uname().release}" in alt
    assert "guest kernel 6." in alt and "kernel threads" in alt
    assert png_size(picture.data or b"")[0] == 1200
