"""From Slack: "Compare with a VM" on the container demo boots a real VM and shows both."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.conftest import OURS
from tests.e2e.conftest import Bot
from tests.e2e.test_slack_demo import block_text, click, final_update

pytestmark = pytest.mark.vm


@pytest.fixture(autouse=True)
def tcg(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot boots its VM in software emulation, as CI can everywhere (read at bot start)."""
    monkeypatch.setenv("VM_ACCEL", "tcg")


def test_the_compare_button_shows_container_and_vm_side_by_side(bot: Bot, engine: Any) -> None:
    bot.slack.send_command(bot.url, text="run --all", channel_id="C1")
    final_update(bot, "nginx: master process")
    before = bot.slack.calls("chat.update")[-1].at
    assert click(bot, "ct:compare").status == 200
    compared = final_update(bot, "Virtual machine (qemu)", after=before)
    progress = [c for c in bot.slack.calls("chat.update") if before < c.at < compared.at]
    assert any("Booting a virtual machine" in str(c.args["blocks"]) for c in progress)
    rows = [b for b in compared.args["blocks"] if b["type"] == "section" and b.get("fields")]
    assert len(rows) == 5
    host, kernel, pid1 = rows[0]["fields"], rows[1]["fields"], rows[2]["fields"]
    assert "nginx: master process" in host[0]["text"]
    assert "qemu-system-x86_64" in host[1]["text"] and "nginx" not in host[1]["text"]
    assert os.uname().release in kernel[0]["text"]
    assert os.uname().release not in kernel[1]["text"]
    assert "no kernel threads" in pid1[0]["text"] and "kernel threads" in pid1[1]["text"]

    before = bot.slack.calls("chat.update")[-1].at
    ack = bot.slack.send_command(bot.url, text="vm", channel_id="C1")
    assert ack.status == 200 and "direct messages" in ack.json()["text"]
    shown = final_update(bot, "A virtual machine, seen from the host", after=before)
    assert "qemu-system-x86_64" in block_text(shown.args["blocks"])

    before = bot.slack.calls("chat.update")[-1].at
    click(bot, "ct:clean")
    cleaned = final_update(bot, "qemu ended with its container", after=before)
    assert "container-tutor-vm-" in block_text(cleaned.args["blocks"])
    assert not engine.containers.list(all=True, filters=OURS)
    assert all(call.ok for call in bot.slack.calls())
    assert not bot.slack.warnings
