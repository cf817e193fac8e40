"""A learner drives a live demo from Slack: the real bot, the real engine, a Slack stand-in."""

from __future__ import annotations

import itertools
import re
import signal
from pathlib import Path
from typing import Any

import pytest

from testkit.standin import ApiCall
from tests.conftest import OURS
from tests.e2e.conftest import Bot
from tests.e2e.slack_text import block_text, button

DM = "DU1"


def final_update(bot: Bot, needle: str, *, after: int = 0) -> ApiCall:
    """The chat.update in the learner's DM whose text mentions `needle`."""
    return bot.slack.wait_for_call(
        "chat.update",
        timeout=60,
        where=lambda c: (
            c.args.get("channel") == DM
            and needle in block_text(c.args.get("blocks"))
            and c.at > after
        ),
    )


def click(bot: Bot, action_id: str, *, user: str = "U1", channel: str = DM) -> Any:
    message = bot.slack.last_message(DM)
    assert message is not None
    value = button(message, action_id)["value"]
    return bot.slack.send_action(
        bot.url, action_id=action_id, value=value, user_id=user, channel_id=channel, message=message
    )


def host_cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def test_run_acks_at_once_then_shows_progress_then_the_real_processes(bot: Bot) -> None:
    ack = bot.slack.send_command(bot.url, text="run", channel_id="C1")
    assert ack.status == 200
    assert ack.elapsed < 3
    assert "direct messages" in ack.json()["text"]
    first = bot.slack.wait_for_call("chat.postMessage", where=lambda c: c.args["channel"] == DM)
    assert "Creating the container" in str(first.args["blocks"])
    final = final_update(bot, "nginx: master process")
    progress = [c for c in bot.slack.calls("chat.update") if c.at < final.at]
    assert any("Reading its processes" in str(c.args["blocks"]) for c in progress)
    text = block_text(final.args["blocks"])
    master_pid = int(re.search(r"PID 1 inside and PID \*(\d+)\* on the host", text).group(1))  # type: ignore[union-attr]
    assert host_cmdline(master_pid).startswith("nginx: master process")
    assert "nginx: worker process" in text
    assert all(call.ok for call in bot.slack.calls())
    assert not bot.slack.warnings
    # Slack's rate tiers: at most one edit of a message a second, the final one included
    edits = [
        c.at
        for c in bot.slack.calls("chat.update")
        if c.args.get("ts") == final.args.get("ts") and c.at <= final.at
    ]
    assert edits and all(later - earlier >= 0.9 for earlier, later in itertools.pairwise(edits))


def test_a_burst_of_commands_from_one_learner_runs_the_newest_only(bot: Bot, engine: Any) -> None:
    texts = ["run", "run", "run", "run", "run busybox"]
    acks = [bot.slack.send_command(bot.url, text=text, channel_id="C1") for text in texts]
    assert all(ack.status == 200 and ack.elapsed < 3 for ack in acks)
    final_update(bot, "sleep 3600")
    started = [
        c
        for c in bot.slack.calls("chat.postMessage")
        if c.args["channel"] == DM and "Creating the container" in str(c.args["blocks"])
    ]
    assert 1 <= len(started) <= 2  # the first may start before the rest arrive; never all five
    live = engine.containers.list(filters={"label": [*OURS["label"], "container-tutor.owner=U1"]})
    assert [c.image.tags for c in live] == [["container-tutor/busybox:1"]]


def test_each_button_then_stop_then_clean(bot: Bot, engine: Any) -> None:
    bot.slack.send_command(bot.url, text="run busybox --all", channel_id="C1")
    final_update(bot, "sleep 3600")
    for view, needle in (
        ("ct:top", "docker container top"),
        ("ct:ps", "`ps aux` (host)"),
        ("ct:tree", "`pstree -halps` (host)"),
        ("ct:pids", "PID namespace"),
    ):
        before = bot.slack.calls("chat.update")[-1].at
        assert click(bot, view).status == 200
        final_update(bot, needle, after=before)
    before = bot.slack.calls("chat.update")[-1].at
    click(bot, "ct:exec")
    executed = final_update(bot, "containerd-shim", after=before)
    assert "docker exec" in str(executed.args["blocks"])
    before = bot.slack.calls("chat.update")[-1].at
    click(bot, "ct:stop")
    stopped = final_update(bot, "exit code", after=before)
    assert "exited" in str(stopped.args["blocks"])
    before = bot.slack.calls("chat.update")[-1].at
    click(bot, "ct:clean")
    final_update(bot, "Removed your demo container", after=before)
    assert not engine.containers.list(all=True, filters=OURS)
    assert all(call.ok for call in bot.slack.calls())


def test_another_learner_cannot_drive_my_demo(bot: Bot) -> None:
    bot.slack.send_command(bot.url, text="run busybox", channel_id="C1")
    final_update(bot, "sleep 3600")
    updates = len(bot.slack.calls("chat.update"))
    answer = click(bot, "ct:walk_next", user="U2")
    assert answer.status == 200
    refusal = bot.slack.wait_for_response(answer.response_url_id)
    assert "belongs to <@U1>" in refusal.args["text"]
    assert len(bot.slack.calls("chat.update")) == updates


def test_share_posts_the_result_in_the_channel(bot: Bot) -> None:
    bot.slack.send_command(bot.url, text="run busybox --all", channel_id="C1")
    final_update(bot, "sleep 3600")
    click(bot, "ct:share")
    shared = bot.slack.wait_for_call("chat.postMessage", where=lambda c: c.args["channel"] == "C1")
    assert "<@U1> shared" in str(shared.args["blocks"])
    assert "sleep 3600" in str(shared.args["blocks"])


@pytest.mark.parametrize("fault", ["bad signature", "stale timestamp"])
def test_unsigned_or_replayed_requests_are_refused(bot: Bot, fault: str) -> None:
    options: dict[str, Any] = (
        {"signing_secret_override": "not-the-secret"}
        if fault == "bad signature"
        else {"timestamp_override": 1_000_000_000}
    )
    answer = bot.slack.send_command(bot.url, text="run", **options)
    assert answer.status == 401
    assert bot.slack.calls("chat.postMessage") == []


def test_an_unknown_subcommand_gets_help_in_the_ack(bot: Bot) -> None:
    answer = bot.slack.send_command(bot.url, text="exce")
    assert answer.status == 200
    body = answer.json()
    assert "Did you mean `exec`?" in str(body["blocks"])
    assert body["response_type"] == "ephemeral"


def test_a_bare_command_shows_the_menu_with_demo_buttons(bot: Bot) -> None:
    body = bot.slack.send_command(bot.url, text="").json()
    actions = [
        e["action_id"] for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert "ct:run:nginx" in actions and "ct:run:busybox" in actions


def test_app_home_is_published_once_even_when_slack_retries(bot: Bot) -> None:
    event = {"type": "app_home_opened", "user": "U1", "channel": DM, "tab": "home"}
    first = bot.slack.send_event(bot.url, event=event, event_id="Ev1")
    again = bot.slack.send_event(bot.url, event=event, event_id="Ev1", retry_num=1)
    assert (first.status, again.status) == (200, 200)
    bot.slack.wait_for_call("views.publish")
    home = bot.slack.home_view("U1")
    assert home is not None and "process on the host" in str(home["blocks"])
    import time

    time.sleep(0.5)
    assert len(bot.slack.calls("views.publish")) == 1


def test_a_rate_limited_update_is_retried(bot: Bot) -> None:
    bot.slack.fail_next("chat.update", status=429, retry_after=1, times=1)
    bot.slack.send_command(bot.url, text="run busybox", channel_id="C1")
    final_update(bot, "sleep 3600")
    statuses = [c.status for c in bot.slack.calls("chat.update")]
    assert 429 in statuses
    assert statuses[-1] == 200


def test_a_slack_api_error_is_logged_and_the_bot_carries_on(bot: Bot) -> None:
    bot.slack.fail_next(
        "conversations.open", status=200, error="channel_not_found", retry_after=None
    )
    bot.slack.send_command(bot.url, text="run busybox", channel_id="C1")
    bot.slack.wait_for_call("conversations.open")
    answer = bot.slack.send_command(bot.url, text="help")
    assert answer.status == 200
    bot.slack.send_command(bot.url, text="run busybox", channel_id="C1")
    final_update(bot, "sleep 3600")
    assert "channel_not_found" in bot.output()


def test_stopping_the_bot_mid_demo_leaves_nothing_behind(bot: Bot, engine: Any) -> None:
    bot.slack.send_command(bot.url, text="run busybox", channel_id="C1")
    bot.slack.wait_for_call(
        "chat.postMessage", where=lambda c: "Creating the container" in block_text(c.args["blocks"])
    )
    bot.process.send_signal(signal.SIGTERM)  # while the demo is being created
    assert bot.process.wait(60) == 0
    assert not engine.containers.list(all=True, filters=OURS)
