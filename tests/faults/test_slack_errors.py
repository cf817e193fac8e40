"""Slack errs, the bot is killed: every acked command still ends in a reply."""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.messages import say
from tests.faults.conftest import Serve
from tests.faults.test_full_queue import eventually, live_demo, shown


@pytest.mark.parametrize(
    ("status", "times"),
    [(500, 3), (429, 4), (500, 10)],
    ids=["three 500s", "four 429s", "ten 500s"],
)
def test_a_reply_outlasting_the_clients_retries_is_sent_from_the_outbox(
    serve: Serve, status: int, times: int
) -> None:
    bot = serve()
    bot.command("U1", "help")  # answered in the ack: the learner's language is known after
    bot.slack.fail_next("chat.update", status=status, times=times)
    bot.command("U1", "progress")
    working = say("progress_working", "en")
    eventually(
        lambda: bot.slack.messages("DU1") and working not in bot.slack.messages("DU1")[-1]["text"],
        60,  # ten 500s: the client's retries, then the outbox's backoff of 1, 2 and 4 s
    )
    failed = [c for c in bot.slack.calls("chat.update") if not c.ok]
    assert len(failed) == times
    assert "kept for a retry" in bot.output()


def test_a_message_left_on_creating_by_a_killed_bot_is_finished_at_the_next_start(
    serve: Serve, engine: Any
) -> None:
    bot = serve()
    bot.command("U1", "run nginx")
    created = say("progress_created", "en")
    eventually(lambda: any(created in t for t in shown(bot, "U1")), 30)
    bot.kill()
    assert any(created in t for t in shown(bot, "U1"))
    bot.start()  # the same database and Slack
    interrupted = say("interrupted", "en")
    eventually(lambda: any(interrupted in t for t in shown(bot, "U1")), 30)
    assert not any(created in t for t in shown(bot, "U1"))


def test_a_superseded_run_says_which_command_replaced_it(serve: Serve) -> None:
    bot = serve()
    for text in ("run", "run", "run busybox"):
        bot.command("U1", text)
    live_demo(bot, "U1")
    replaced = say("superseded", "en", command="run busybox")
    texts = shown(bot, "U1")
    assert any(replaced in t for t in texts), texts
