"""`sh` from Slack: the real bot, the real engine, the Slack stand-in."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.conftest import Bot
from tests.e2e.slack_text import block_text, button
from tests.e2e.test_slack_demo import DM, final_update


def start_demo(bot: Bot) -> None:
    bot.slack.send_command(bot.url, text="run --all", channel_id="C1")
    final_update(bot, "nginx: master process")


def test_sh_with_a_pipe_answers_in_the_dm_with_output_exit_code_and_host_pid(bot: Bot) -> None:
    start_demo(bot)
    ack = bot.slack.send_command(bot.url, text="sh ps aux | grep 'nginx: master'", channel_id="C1")
    assert ack.status == 200 and ack.elapsed < 3
    update = final_update(bot, "Exit code 0")
    text = block_text(update.args["blocks"])
    assert "$ ps aux | grep 'nginx: master'" in text
    assert "nginx: master process" in text
    assert "containerd-shim" in text
    assert not bot.slack.warnings


def test_learner_text_and_output_are_escaped(bot: Bot) -> None:
    start_demo(bot)
    bot.slack.send_command(bot.url, text="sh echo '<!channel> & <@U2>'", channel_id="C1")
    update = final_update(bot, "Exit code 0")
    text = block_text(update.args["blocks"])
    assert "&lt;!channel&gt; &amp; &lt;@U2&gt;" in text
    assert "<!channel>" not in json.dumps(update.args)


def test_the_run_a_command_button_opens_a_modal_whose_submission_runs_in_the_dm(bot: Bot) -> None:
    start_demo(bot)
    demo = bot.slack.last_message(DM)
    assert demo is not None
    value = button(demo, "sh:open")["value"]
    clicked = bot.slack.send_action(
        bot.url, action_id="sh:open", value=value, channel_id=DM, message=demo
    )
    assert clicked.status == 200 and clicked.elapsed < 3
    opened = bot.slack.wait_for_call("views.open", timeout=10)
    assert opened.ok
    view = opened.args["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["callback_id"] == "sh:run"
    submission = submitted(view, "cat /proc/1/cmdline | tr '\\0' ' '")
    answered = bot.slack.send_interaction(bot.url, submission)
    assert answered.status == 200
    update = final_update(bot, "Exit code 0")
    assert "nginx: master process" in block_text(update.args["blocks"])


def test_someone_elses_run_a_command_button_does_nothing_for_them(bot: Bot) -> None:
    start_demo(bot)
    demo = bot.slack.last_message(DM)
    assert demo is not None
    value = button(demo, "sh:open")["value"]
    bot.slack.send_action(
        bot.url, action_id="sh:open", value=value, user_id="U2", channel_id=DM, message=demo
    )
    bot.slack.wait_for(lambda calls: any("belongs to" in str(c.args) for c in calls), timeout=10)
    assert not bot.slack.calls("views.open")


def submitted(view: dict[str, Any], text: str) -> dict[str, Any]:
    """The view_submission payload Slack sends when the learner types `text` and submits."""
    return {
        "type": "view_submission",
        "user": {"id": "U1", "username": "alice", "name": "alice", "team_id": "T1"},
        "api_app_id": "A1",
        "team": {"id": "T1", "domain": "test"},
        "view": {
            **view,
            "id": "V1",
            "state": {
                "values": {"sh_command": {"text": {"type": "plain_text_input", "value": text}}}
            },
        },
    }


def test_try_it_yourself_offers_a_task_and_check_answers_from_the_live_demo(bot: Bot) -> None:
    start_demo(bot)
    demo = bot.slack.last_message(DM)
    assert demo is not None
    value = button(demo, "ct:task")["value"]
    bot.slack.send_action(bot.url, action_id="ct:task", value=value, channel_id=DM, message=demo)
    offered = final_update(bot, "Try it yourself · task")
    assert "check 12345" in block_text(offered.args["blocks"])
    bot.slack.send_command(bot.url, text="check 1", channel_id="C1")
    verdict = final_update(bot, "Not quite", after=offered.at)
    text = block_text(verdict.args["blocks"])
    assert "NSpid" in text
    assert button(bot.slack.last_message(DM) or {}, "ct:task")


def test_a_learners_long_command_does_not_hold_up_another_learner(bot: Bot) -> None:
    start_demo(bot)
    bot.slack.send_command(bot.url, text="sh sleep 1000", channel_id="C1")
    help_ack = bot.slack.send_command(bot.url, text="help", user_id="U2", channel_id="C1")
    assert help_ack.status == 200 and help_ack.elapsed < 3
    bot.slack.send_command(bot.url, text="run busybox", user_id="U2", channel_id="C1")

    def bobs(needle: str) -> Any:
        return bot.slack.wait_for_call(
            "chat.update",
            timeout=30,
            where=lambda c: c.args.get("channel") == "DU2" and needle in str(c.args["blocks"]),
        )

    bobs("sleep 3600")
    bot.slack.send_command(bot.url, text="sh echo bob-was-here", user_id="U2", channel_id="C1")
    answered = bobs("bob-was-here")
    timed_out = final_update(bot, "Stopped after 10 s")
    assert answered.at < timed_out.at  # bob had his answer while alice's command still ran
    assert "sleep 1000" in block_text(timed_out.args["blocks"])
