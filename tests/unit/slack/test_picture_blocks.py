"""*Show as a picture* sits on the PID-map and compare replies, and nowhere else."""

from __future__ import annotations

from bot.core.demo.replies import DemoShown
from bot.core.vm.replies import CompareShown
from bot.slack import blocks
from bot.slack.picture_blocks import PICTURE_ACTION
from testkit import picture_samples as samples
from testkit.fakes import fake_tutor

ORIGIN = blocks.Origin(owner="U1", channel="C1", dm="D1")


def buttons(message: blocks.Message) -> list[dict[str, object]]:
    return [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]


def picture_buttons(message: blocks.Message) -> list[dict[str, object]]:
    return [e for e in buttons(message) if e["action_id"] == PICTURE_ACTION]


def test_the_pid_map_and_the_first_run_offer_a_picture_and_other_views_do_not() -> None:
    tutor = fake_tutor()
    demo = tutor.course.demo("nginx")
    assert demo is not None
    views = samples.views()
    for show, offered in ((("pids",), 1), (("top", "ps", "tree", "pids"), 1), (("tree",), 0)):
        message = blocks.message(DemoShown(demo, views, show, ()), ORIGIN)
        assert len(picture_buttons(message)) == offered


def test_the_picture_button_names_its_owner_and_is_worded_in_the_learners_language() -> None:
    message = blocks.message(CompareShown(samples.comparison(), "zh"), ORIGIN)
    (button,) = picture_buttons(message)
    assert button["text"] == {"type": "plain_text", "text": "以圖片顯示", "emoji": True}
    origin, extra = blocks.read_value(str(button["value"]))
    assert origin.owner == "U1" and extra == {"a": "picture"}
