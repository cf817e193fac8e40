"""Learners' feedback through the Slack stand-in reaches `container-tutor questions report`."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from testkit.standin.server import ApiCall
from tests.e2e.conftest import Bot
from tests.e2e.slack_text import block_text as texts

ROOT = Path(__file__).resolve().parents[2]
DM = "DU5"
LEARNER = "U5"


def ask(bot: Bot, text: str, count: int) -> ApiCall:
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": DM,
        "user": LEARNER,
        "text": text,
        "ts": bot.slack.new_ts(),
    }
    assert bot.slack.send_event(bot.url, event=event).status == 200
    return bot.slack.wait_for_call(
        "chat.postMessage", count=count, timeout=15, where=lambda c: c.args.get("channel") == DM
    )


def buttons(call: ApiCall) -> dict[str, str]:
    return {
        e["action_id"]: e["value"]
        for b in call.args.get("blocks") or []
        if b["type"] == "actions"
        for e in b["elements"]
    }


def click(bot: Bot, action_id: str, value: str) -> None:
    message = bot.slack.last_message(DM)
    assert message is not None
    answer = bot.slack.send_action(
        bot.url, action_id=action_id, value=value, user_id=LEARNER, channel_id=DM, message=message
    )
    assert answer.status == 200


def report(database: Path) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "questions", "report", "--json"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


def test_declines_not_helpful_answers_and_picks_are_reported_with_the_learner_hashed(
    bot: Bot,
) -> None:
    ask(bot, "how do I write a Dockerfile?", count=1)

    answered = ask(bot, "what does exit code 137 mean?", count=2)
    feedback = buttons(answered)
    assert {"cf:helpful", "cf:not_helpful"} <= feedback.keys()
    click(bot, "cf:not_helpful", feedback["cf:not_helpful"])
    thanks = bot.slack.wait_for_call(
        "response_url", timeout=15, where=lambda c: "lesson authors" in str(c.args.get("text"))
    )
    assert thanks.args.get("response_type") == "ephemeral"

    unsure = ask(bot, "镜象和容器有啥区别", count=3)
    click(bot, "ca:pick:0", buttons(unsure)["ca:pick:0"])
    bot.slack.wait_for_call(
        "response_url",
        timeout=15,
        where=lambda c: "镜像（image）" in texts(c.args.get("blocks")),
    )

    database = bot.log.parent / "tutor.db"
    rows = {row["question"]: row for row in report(database)}
    assert rows["how do I write a Dockerfile?"]["outcomes"] == {"declined": 1}
    assert rows["what does exit code 137 mean?"]["outcomes"] == {"not_helpful": 1}
    assert rows["what does exit code 137 mean?"]["closest"] == "faq-exit-code"
    picked = rows["镜象和容器有啥区别"]
    assert picked["outcomes"] == {"chose": 1} and picked["closest"] == "faq-image-vs-container"
    stored = sqlite3.connect(database).execute("SELECT learner FROM asked_questions").fetchall()
    assert len(stored) == 3 and all(LEARNER not in learner for (learner,) in stored)
