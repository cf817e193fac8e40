"""*Show as a picture* sits on the PID-map and compare replies, and nowhere else."""

from __future__ import annotations

from bot.core.demo.replies import DemoShown
from bot.core.vm.replies import CompareShown
from bot.slack.blocks import dispatch, kit
from bot.slack.blocks.picture import PICTURE_ACTION
from testkit import picture_samples as samples
from testkit.fakes import fake_tutor

ORIGIN = kit.Origin(owner="U1", channel="C1", dm="D1")


def picture_buttons(message: kit.Message) -> list[dict[str, object]]:
    elements = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    return [e for e in elements if e["action_id"] == PICTURE_ACTION]


def test_the_pid_map_and_the_first_run_offer_a_picture_and_other_views_do_not() -> None:
    demo = fake_tutor().course.demo("nginx")
    assert demo is not None
    views = samples.views()
    for show, offered in ((("pids",), 1), (("top", "ps", "tree", "pids"), 1), (("tree",), 0)):
        message = dispatch.message(DemoShown(demo, views, show, ()), ORIGIN)
        assert len(picture_buttons(message)) == offered


def test_the_picture_button_names_its_owner_and_is_worded_in_the_learners_language() -> None:
    message = dispatch.message(CompareShown(samples.comparison(), "zh"), ORIGIN)
    (button,) = picture_buttons(message)
    assert button["text"] == {"type": "plain_text", "text": "以圖片顯示", "emoji": True}
    click = kit.read_value(str(button["value"]))
    assert click.origin.owner == "U1" and click.extra == {"a": "picture"}
    assert click.command is None  # nothing for the command worker to run
