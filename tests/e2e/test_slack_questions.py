"""Learners ask the real bot questions through the Slack stand-in: mentions, DMs, threads."""

from __future__ import annotations

import time
from typing import Any

from testkit.standin import BOT_ID, BOT_USER_ID, ApiCall
from tests.e2e.conftest import Bot
from tests.e2e.slack_text import block_text as texts

CHANNEL = "C1"
DM = "DU1"


def mention(bot: Bot, text: str, *, ts: str, thread_ts: str | None = None) -> None:
    event = {
        "type": "app_mention",
        "user": "U1",
        "channel": CHANNEL,
        "text": f"<@{BOT_USER_ID}> {text}",
        "ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    assert bot.slack.send_event(bot.url, event=event).status == 200


def dm(bot: Bot, text: str, **extra: Any) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": DM,
        "user": "U1",
        "text": text,
        "ts": bot.slack.new_ts(),
        **extra,
    }
    answer = bot.slack.send_event(bot.url, event=event)
    assert answer.status == 200
    assert answer.elapsed < 3


def posted(bot: Bot, channel: str, *, thread_ts: str | None = None, count: int = 1) -> ApiCall:
    return bot.slack.wait_for_call(
        "chat.postMessage",
        count=count,
        timeout=15,
        where=lambda c: (
            c.args.get("channel") == channel
            and (thread_ts is None or c.args.get("thread_ts") == thread_ts)
        ),
    )


def buttons(call: ApiCall) -> dict[str, str]:
    return {
        e["action_id"]: e["value"]
        for b in call.args.get("blocks") or []
        if b["type"] == "actions"
        for e in b["elements"]
    }


def test_a_mention_gets_a_threaded_sourced_answer_and_its_button_runs_the_demo(bot: Bot) -> None:
    mention(
        bot,
        "why is nginx PID 1 inside the container but a big number on the host?",
        ts="1700000000.000100",
    )
    answer = posted(bot, CHANNEL, thread_ts="1700000000.000100")
    shown = texts(answer.args["blocks"])
    assert "PID namespace" in shown
    assert (
        "From the lesson *Containers and virtual machines*, section *One process, two PIDs*"
        in shown
    )
    assert "/container-demo pids" in shown
    assert buttons(answer).keys() == {"ct:run:nginx", "cf:helpful", "cf:not_helpful"}
    assert answer.ok and not answer.warnings

    message = bot.slack.last_message(CHANNEL, thread_ts="1700000000.000100")
    assert message is not None
    click = bot.slack.send_action(
        bot.url,
        action_id="ct:run:nginx",
        value=buttons(answer)["ct:run:nginx"],
        channel_id=CHANNEL,
        message=message,
    )
    assert click.status == 200
    shown = bot.slack.wait_for_call(
        "chat.update",
        timeout=60,
        where=lambda c: (
            c.args.get("channel") == DM and "nginx: master process" in texts(c.args.get("blocks"))
        ),
    )
    demo = bot.slack.last_message(DM)
    assert demo is not None
    menu = next(
        e
        for b in shown.args["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "ct:walk_more"  # the walk's first step keeps clean in its menu
    )
    clean = next(o for o in menu["options"] if o["text"]["text"] == "Clean up")
    bot.slack.send_action(
        bot.url, action_id="ct:walk_more", option=clean, channel_id=DM, message=demo
    )
    bot.slack.wait_for_call(
        "chat.update",
        timeout=60,
        where=lambda c: "Removed your demo container" in texts(c.args.get("blocks")),
    )


def test_a_follow_up_in_the_answered_thread_needs_no_mention(bot: Bot) -> None:
    mention(bot, "what is containerd-shim?", ts="1700000000.000200")
    posted(bot, CHANNEL, thread_ts="1700000000.000200")
    follow_up = {
        "type": "message",
        "channel_type": "channel",
        "channel": CHANNEL,
        "user": "U1",
        "text": "and which package has pstree?",
        "ts": bot.slack.new_ts(),
        "thread_ts": "1700000000.000200",
    }
    bot.slack.send_event(bot.url, event=follow_up)
    second = posted(bot, CHANNEL, thread_ts="1700000000.000200", count=2)
    assert "psmisc" in texts(second.args["blocks"])
    # a mention in the thread arrives twice (app_mention and message): answered once
    again = f"<@{BOT_USER_ID}> what does pstree -halps mean?"
    ts = bot.slack.new_ts()
    bot.slack.send_event(bot.url, event={**follow_up, "ts": ts, "text": again})
    mention(bot, "what does pstree -halps mean?", ts=ts, thread_ts="1700000000.000200")
    posted(bot, CHANNEL, thread_ts="1700000000.000200", count=3)
    chatter = {**follow_up, "ts": bot.slack.new_ts(), "thread_ts": None, "text": "lunch?"}
    bot.slack.send_event(bot.url, event={k: v for k, v in chatter.items() if v is not None})
    time.sleep(1)
    assert len(bot.slack.calls("chat.postMessage")) == 3


def test_a_dm_gets_an_answer_in_the_dm(bot: Bot) -> None:
    dm(bot, "what does exit code 137 mean?")
    answer = posted(bot, DM)
    assert answer.args.get("thread_ts") in (None, "")
    shown = texts(answer.args["blocks"])
    assert "OOM" in shown or "137" in shown
    assert "When the main process stops, the container exits" in shown


def test_a_chinese_question_gets_a_chinese_answer_in_its_own_script(bot: Bot) -> None:
    dm(bot, "容器裡的 1 號進程是主機的 systemd 嗎")
    traditional = texts(posted(bot, DM).args["blocks"])
    assert "主進程" in traditional and "出自課程「容器和虛擬機」" in traditional
    dm(bot, "容器里 nginx 为什么是 PID 1？")
    simplified = texts(posted(bot, DM, count=2).args["blocks"])
    assert "命名空间" in simplified and "出自课程「容器和虚拟机」" in simplified
    assert "現場看看" not in simplified


def test_the_bot_ignores_its_own_messages_other_bots_and_edits(bot: Bot) -> None:
    dm(bot, "why is PID 1 nginx?", user=BOT_USER_ID, bot_id=BOT_ID)
    dm(bot, "what is a cgroup?", subtype="bot_message", bot_id="BOTHER")
    dm(
        bot,
        "",
        subtype="message_changed",
        message={"user": "U1", "text": "what is a namespace?", "ts": "1.0"},
    )
    dm(bot, "", subtype="message_deleted", deleted_ts="1.0")
    dm(bot, "what is seccomp?")
    answer = posted(bot, DM)
    assert "system calls" in texts(answer.args["blocks"])
    time.sleep(1)
    assert len(bot.slack.calls("chat.postMessage")) == 1


def test_an_off_topic_question_is_declined_with_the_closest_topics(bot: Bot) -> None:
    mention(bot, "how do I cook rice?", ts="1700000000.000300")
    english = texts(posted(bot, CHANNEL, thread_ts="1700000000.000300").args["blocks"])
    assert "I don't know that one" in english
    assert "Containers and virtual machines" in english
    dm(bot, "今天天氣如何")
    chinese = posted(bot, DM)
    assert "這個我不知道" in texts(chinese.args["blocks"])
    assert buttons(chinese) == {}


def test_ask_in_the_slash_command_answers_in_the_ack(bot: Bot) -> None:
    answer = bot.slack.send_command(bot.url, text="ask what is a hypervisor?")
    assert answer.status == 200 and answer.elapsed < 3
    body = answer.json()
    assert body["response_type"] == "ephemeral"
    assert "hypervisor" in texts(body["blocks"]).lower()
    assert "A virtual machine is a whole operating system" in texts(body["blocks"])


def test_an_unsure_answer_offers_two_entries_and_a_click_answers_the_chosen_one(bot: Bot) -> None:
    dm(bot, "镜象和容器有啥区别")
    unsure = posted(bot, DM)
    shown = texts(unsure.args["blocks"])
    assert "我不太确定" in shown
    choices = buttons(unsure)
    assert choices.keys() == {"ca:pick:0", "ca:pick:1"}
    assert unsure.ok and not unsure.warnings
    message = bot.slack.last_message(DM)
    assert message is not None
    click = bot.slack.send_action(
        bot.url,
        action_id="ca:pick:0",
        value=choices["ca:pick:0"],
        channel_id=DM,
        message=message,
    )
    assert click.status == 200
    answered = bot.slack.wait_for_call(
        "response_url", timeout=15, where=lambda c: "镜像（image）" in texts(c.args.get("blocks"))
    )
    assert answered.args.get("replace_original") is True
    assert "出自课程「容器和虚拟机」" in texts(answered.args["blocks"])


def test_a_question_in_neither_script_is_answered_in_the_learner_s_locale_script(
    bot: Bot,
) -> None:
    bot.slack.user_locales["U7"] = "zh-CN"
    dm(bot, "pid namespace 是啥", user="U7", channel="DU7")
    shown = texts(posted(bot, "DU7").args["blocks"])
    assert "命名空间" in shown and "出自课程" in shown
