"""Quizzes by DM through the real bot and the Slack stand-in, progress in a real SQLite file."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.core.course import Course, QuizQuestion
from bot.wiring import course_from
from testkit.standin import ApiCall
from tests.e2e.conftest import Bot, free_port, serve_env, spawn_serve, wait_healthy
from tests.e2e.test_slack_demo import DM, block_text, button

LESSON = "containers-and-vms"


@pytest.fixture(scope="module")
def course() -> Course:
    return course_from(Settings())


def question_of(course: Course, message: dict[str, Any]) -> QuizQuestion:
    value = json.loads(button(message, "qz:answer:0")["value"])
    return next(q for lesson in course.lessons for q in lesson.quiz if q.id == value["q"])


def dm_update(bot: Bot, needle: str, *, after: float = 0) -> ApiCall:
    return bot.slack.wait_for_call(
        "chat.update",
        timeout=30,
        where=lambda c: (
            c.args.get("channel") == DM
            and needle in block_text(c.args.get("blocks"))
            and c.at > after
        ),
    )


def dm_post(bot: Bot, needle: str, *, after: float = 0) -> ApiCall:
    return bot.slack.wait_for_call(
        "chat.postMessage",
        timeout=30,
        where=lambda c: (
            c.args.get("channel") == DM
            and needle in block_text(c.args.get("blocks"))
            and c.at > after
        ),
    )


def click_on(bot: Bot, message: dict[str, Any], action_id: str, *, user: str = "U1") -> Any:
    value = button(message, action_id)["value"]
    return bot.slack.send_action(
        bot.url, action_id=action_id, value=value, user_id=user, channel_id=DM, message=message
    )


def message_at(bot: Bot, ts: str) -> dict[str, Any]:
    return next(m for m in bot.slack.messages(DM) if m["ts"] == ts)


def start_quiz(bot: Bot, text: str = f"quiz {LESSON}") -> dict[str, Any]:
    before = max((c.at for c in bot.slack.calls()), default=0)
    ack = bot.slack.send_command(bot.url, text=text, channel_id="C1")
    assert ack.status == 200 and ack.elapsed < 3
    shown = dm_update(bot, "Question 1 of", after=before)
    return message_at(bot, str(shown.args["ts"]))


def answers_in(database: Path) -> list[tuple[str, str, int]]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT learner, question, choice FROM answers").fetchall()
    return [(str(a), str(b), int(c)) for a, b, c in rows]


# ---------------------------------------------------------------- the whole flow


def test_a_whole_quiz_in_a_dm_with_feedback_a_score_and_progress(bot: Bot, course: Course) -> None:
    ack = bot.slack.send_command(bot.url, text=f"quiz {LESSON}", channel_id="C1")
    assert "direct messages" in ack.json()["text"]
    assert bot.slack.wait_for_call("conversations.open").args["users"] == "U1"
    message = message_at(bot, str(dm_update(bot, "Question 1 of 5").args["ts"]))
    assert "qz:answer:0" in str(message["blocks"])
    plan = "rwrrw"
    for number, letter in enumerate(plan, start=1):
        question = question_of(course, message)
        choice = question.answer if letter == "r" else (question.answer + 1) % len(question.choices)
        before = bot.slack.calls()[-1].at
        assert click_on(bot, message, f"qz:answer:{choice}").status == 200
        feedback = dm_update(bot, question.explanation.en[:40], after=before)
        assert feedback.args["ts"] == message["ts"]  # updated in place
        text = block_text(feedback.args["blocks"])
        assert ("Right!" in text) == (letter == "r")
        assert ("Not quite" in text) == (letter == "w")
        message = message_at(bot, message["ts"])
        if number < len(plan):
            found = course.section(question.section)
            assert found is not None
            shows_live = found[1].demo is not None and found[1].see is not None
            assert ("qz:see" in str(message["blocks"])) == shows_live
            before = bot.slack.calls()[-1].at
            click_on(bot, message, "qz:next")
            posted = dm_post(bot, f"Question {number + 1} of 5", after=before)
            cleared = dm_update(bot, question.explanation.en[:40], after=before)
            assert "qz:next" not in str(cleared.args["blocks"])
            message = message_at(bot, str(posted.response["ts"]))
        else:
            assert "Done: 3 of 5 right." in text
            assert "qz:next" not in str(message["blocks"])
    assert all(call.ok for call in bot.slack.calls()), [c for c in bot.slack.calls() if not c.ok]
    assert not bot.slack.warnings

    before = bot.slack.calls()[-1].at
    bot.slack.send_command(bot.url, text="progress", channel_id="C1")
    shown = dm_update(bot, "Your progress", after=before)
    total = len(course.lessons[0].quiz) + len(course.lessons[0].tasks)  # tasks count too
    line = f"3 of {total} mastered · 2 to review · {total - 5} not tried"
    assert line in block_text(shown.args["blocks"])

    event = {"type": "app_home_opened", "user": "U1", "channel": DM, "tab": "home"}
    bot.slack.send_event(bot.url, event=event)
    bot.slack.wait_for_call("views.publish")
    home = bot.slack.home_view("U1")
    assert home is not None
    home_text = block_text(home["blocks"])
    assert "Your progress" in home_text and f"3 of {total} mastered" in home_text
    assert "process on the host" in home_text


def test_see_it_live_runs_the_demo_that_shows_the_point(bot: Bot, course: Course) -> None:
    message = start_quiz(bot)
    question = question_of(course, message)
    assert question.section == "review-shell-in-container"  # shown by `run nginx`, then `exec`
    before = bot.slack.calls()[-1].at
    click_on(bot, message, f"qz:answer:{question.answer}")
    dm_update(bot, "Right!", after=before)
    click_on(bot, message_at(bot, message["ts"]), "qz:see")
    dm_update(bot, "nginx: master process", after=before)
    executed = bot.slack.wait_for_call(
        "chat.update",
        timeout=60,
        where=lambda c: (
            "`docker exec` started" in block_text(c.args.get("blocks")) and c.at > before
        ),
    )
    assert "containerd-shim" in block_text(executed.args["blocks"])


def test_the_quiz_me_button_on_a_demo_reply_starts_a_quiz(bot: Bot) -> None:
    bot.slack.send_command(bot.url, text="run nginx", channel_id="C1")
    dm_update(bot, "nginx: master process")
    bot.slack.send_command(bot.url, text="walk 4", channel_id="C1")  # the walk's last step
    dm_update(bot, "Step 4 of 4")
    demo = bot.slack.last_message(DM)
    assert demo is not None
    before = bot.slack.calls()[-1].at
    click_on(bot, demo, "ct:quiz")
    dm_update(bot, "Question 1 of 5", after=before)


def test_quiz_me_on_app_home_starts_a_quiz_in_the_dm(bot: Bot, course: Course) -> None:
    event = {"type": "app_home_opened", "user": "U1", "channel": DM, "tab": "home"}
    bot.slack.send_event(bot.url, event=event)
    bot.slack.wait_for_call("views.publish")
    home = bot.slack.home_view("U1")
    assert home is not None
    assert (
        f"0 of {len(course.lessons[0].quiz) + len(course.lessons[0].tasks)} mastered"
        in block_text(home["blocks"])
    )
    value = button({"blocks": home["blocks"]}, "qz:start")["value"]
    foreign = bot.slack.send_action(
        bot.url, action_id="qz:start", value=value, user_id="U2", channel_id=DM, message={}
    )
    assert "belongs to <@U1>" in bot.slack.wait_for_response(foreign.response_url_id).args["text"]
    bot.slack.send_action(
        bot.url, action_id="qz:start", value=value, user_id="U1", channel_id=DM, message={}
    )
    dm_update(bot, "Question 1 of 5")


# ---------------------------------------------------------------- clicks that must not count


def test_a_double_click_counts_once(bot: Bot, course: Course, tmp_path: Path) -> None:
    message = start_quiz(bot)
    question = question_of(course, message)
    answers: list[int] = []

    def click(choice: int) -> None:
        answers.append(click_on(bot, message, f"qz:answer:{choice}").status)

    threads = [threading.Thread(target=click, args=(i % 2,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [200] * 4
    dm_update(bot, question.explanation.en[:40])
    recorded = answers_in(tmp_path / "tutor.db")
    assert len(recorded) == 1 and recorded[0][:2] == ("U1", question.id)
    final = message_at(bot, message["ts"])
    chosen = recorded[0][2]
    assert ("Right!" in block_text(final["blocks"])) == (chosen == question.answer)


def test_someone_elses_click_gets_a_polite_note_and_changes_nothing(
    bot: Bot, tmp_path: Path
) -> None:
    message = start_quiz(bot)
    updates = len(bot.slack.calls("chat.update"))
    answer = click_on(bot, message, "qz:answer:0", user="U2")
    refusal = bot.slack.wait_for_response(answer.response_url_id)
    assert "belongs to <@U1>" in refusal.args["text"]
    assert refusal.args.get("response_type") == "ephemeral"
    assert len(bot.slack.calls("chat.update")) == updates
    assert answers_in(tmp_path / "tutor.db") == []


def test_a_click_on_a_quiz_that_ended_is_stale(bot: Bot, tmp_path: Path) -> None:
    old = start_quiz(bot)
    start_quiz(bot)  # a new quiz ends the old one
    updates = len(bot.slack.calls("chat.update"))
    answer = click_on(bot, old, "qz:answer:0")
    refusal = bot.slack.wait_for_response(answer.response_url_id)
    assert "no longer open" in refusal.args["text"]
    assert len(bot.slack.calls("chat.update")) == updates
    assert answers_in(tmp_path / "tutor.db") == []


def test_the_learners_language_choice_is_remembered(bot: Bot) -> None:
    bot.slack.send_command(bot.url, text="lang zh", channel_id="C1")
    dm_update(bot, "從現在起我會用中文")
    before = bot.slack.calls()[-1].at
    bot.slack.send_command(bot.url, text="quiz", channel_id="C1")
    question = dm_update(bot, "第 1 題，共 5 題", after=before)
    assert "測驗：容器和虛擬機" in block_text(question.args["blocks"])
    before = bot.slack.calls()[-1].at
    bot.slack.send_command(bot.url, text="progress", channel_id="C1")
    dm_update(bot, "你的學習進度", after=before)


# ---------------------------------------------------------------- restarts


@pytest.fixture
def restarts(bot: Bot, tmp_path: Path) -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()


def serve_again(bot: Bot, tmp_path: Path, started: list[subprocess.Popen[str]]) -> str:
    """Start the bot once more on the same database, as after a crash."""
    port = free_port()
    log = tmp_path / f"bot-{len(started) + 2}.log"
    process = spawn_serve(
        port=port, env=serve_env(bot.slack.api_url, tmp_path / "tutor.db"), log=log
    )
    started.append(process)
    base = f"http://127.0.0.1:{port}"
    wait_healthy(base, process, log)
    return f"{base}/slack/events"


def test_progress_outlives_kill_9_and_the_quiz_goes_on(
    bot: Bot, course: Course, tmp_path: Path, restarts: list[subprocess.Popen[str]]
) -> None:
    message = start_quiz(bot)
    question = question_of(course, message)
    before = bot.slack.calls()[-1].at
    click_on(bot, message, f"qz:answer:{question.answer}")
    dm_update(bot, "Right!", after=before)  # the learner saw the feedback: it must last
    bot.process.send_signal(signal.SIGKILL)
    assert bot.process.wait(30) == -signal.SIGKILL

    bot.url = serve_again(bot, tmp_path, restarts)
    before = bot.slack.calls()[-1].at
    bot.slack.send_command(bot.url, text="progress", channel_id="C1")
    shown = dm_update(bot, "Your progress", after=before)
    assert (
        f"1 of {len(course.lessons[0].quiz) + len(course.lessons[0].tasks)} mastered"
        in block_text(shown.args["blocks"])
    )

    before = bot.slack.calls()[-1].at
    click_on(bot, message_at(bot, message["ts"]), "qz:next")  # a button from before the crash
    dm_post(bot, "Question 2 of 5", after=before)
    assert answers_in(tmp_path / "tutor.db") == [("U1", question.id, question.answer)]
