"""A command typed in Slack, clicked as a button or typed in the console is one `Command`.

The Slack listeners' module-level callbacks are called as Bolt calls them, with a real Web
API client talking to the Slack stand-in; the tutor records what reaches `Tutor.handle`.
"""

from __future__ import annotations

import asyncio
import functools
import io
from collections.abc import Iterator
from typing import Any

import pytest
from rich.console import Console
from slack_sdk.web.async_client import AsyncWebClient

from bot.console.repl import run_console
from bot.core.grammar import Command, Parsed
from bot.core.lang import Lang
from bot.core.notes import Notify, silent
from bot.core.quiz.commands import QuizCommands
from bot.core.quiz.replies import QuestionShown
from bot.core.reply import Reply
from bot.core.tutor import Tutor
from bot.slack.blocks import quiz as quiz_blocks
from bot.slack.blocks.kit import Origin
from bot.slack.blocks.menu import run_buttons
from bot.slack.listeners.actions import demo_button
from bot.slack.listeners.buttons import owners_only
from bot.slack.listeners.commands import container_demo
from bot.slack.listeners.quiz import quiz_button
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks
from bot.slack.worker import Worker
from testkit.fakes import fake_tutor
from testkit.quiz_fakes import FakeClock, MemoryStore
from testkit.standin import SlackStandIn

TOKEN = "xoxb-one-command"


class RecordingTutor(Tutor):
    """The real tutor, noting every command that reaches it."""

    def __init__(self, inner: Tutor, *, quizzes: bool = False) -> None:
        quiz = (
            QuizCommands(course=inner.course, store=MemoryStore(), clock=FakeClock())
            if quizzes
            else None
        )
        super().__init__(course=inner.course, demos=inner.demos, quiz=quiz)
        self.seen: list[Parsed] = []

    def handle(
        self, owner: str, parsed: Parsed, *, lang: Lang = "en", notify: Notify = silent
    ) -> Reply:
        self.seen.append(parsed)
        return super().handle(owner, parsed, lang=lang, notify=notify)


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(signing_secret="unused", bot_token=TOKEN) as standin:
        yield standin


async def ack(**_answer: Any) -> None:
    """Bolt's ack: the answer to Slack's request (nothing to check here)."""


async def respond(**_note: Any) -> None:
    """Bolt's respond: a note only the clicker sees."""


def click(user: str, button: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """What Bolt hands a listener for a click: the request body and the action."""
    body = {"user": {"id": user}, "channel": {"id": "D1"}, "message": {"ts": "1.000001"}}
    return body, {"action_id": button["action_id"], "value": button["value"]}


def typed_and_clicked_in_slack(slack: SlackStandIn, tutor: RecordingTutor) -> None:
    async def scenario() -> None:
        tasks = Tasks()
        lookups = Lookups(tutor=tutor, tasks=tasks)
        worker = Worker(tutor=tutor, lookups=lookups, tasks=tasks)
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        typed = {"user_id": "U1", "channel_id": "C1", "text": "run nginx"}
        await container_demo(ack, typed, client, tutor=tutor, lookups=lookups, worker=worker)
        await tasks.drain()
        (buttons,) = run_buttons(tutor.course.lessons, "en", Origin(owner="U1", channel="C1"))
        nginx = next(b for b in buttons["elements"] if b["action_id"] == "ct:run:nginx")
        body, action = click("U1", nginx)
        work = functools.partial(demo_button, lookups=lookups, worker=worker)
        await owners_only(
            body, action, client, respond, lookups=lookups, not_yours="not_yours", work=work
        )
        await tasks.drain()
        worker.close()

    asyncio.run(scenario())


def typed_in_the_console(tutor: RecordingTutor, line: str) -> None:
    lines = iter([line])

    def read_once(_prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None  # the learner pressed Ctrl-D

    run_console(tutor, console=Console(file=io.StringIO()), read=read_once)


def test_typed_clicked_and_console_commands_reach_the_tutor_as_one_command(
    slack: SlackStandIn,
) -> None:
    tutor = RecordingTutor(fake_tutor())
    typed_and_clicked_in_slack(slack, tutor)
    typed_in_the_console(tutor, "run nginx")
    runs = [parsed for parsed in tutor.seen if parsed != Command("clean")]
    assert runs == [Command("run", "nginx")] * 3
    assert len(slack.calls("chat.postMessage")) == 2  # one DM reply each, typed and clicked


def test_a_quiz_click_goes_through_the_tutor_and_answers_in_place(slack: SlackStandIn) -> None:
    tutor = RecordingTutor(fake_tutor(), quizzes=True)
    assert tutor.quiz is not None
    shown = tutor.handle("U1", Command("quiz"))
    assert isinstance(shown, QuestionShown)
    message = quiz_blocks.question(shown)
    first = next(e for b in message.blocks if b["type"] == "actions" for e in b["elements"])
    expected = Command("answer", "1", about=(shown.head.attempt, shown.question.id))

    async def scenario(user: str) -> None:
        tasks = Tasks()
        lookups = Lookups(tutor=tutor, tasks=tasks)
        worker = Worker(tutor=tutor, lookups=lookups, tasks=tasks)
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        body, action = click(user, first)
        work = functools.partial(quiz_button, worker=worker)
        await owners_only(
            body, action, client, respond, lookups=lookups, not_yours="quiz_not_yours", work=work
        )
        await tasks.drain()
        worker.close()

    asyncio.run(scenario("U2"))  # someone else's click changes nothing
    assert tutor.seen == [Command("quiz")]
    asyncio.run(scenario("U1"))
    assert tutor.seen == [Command("quiz"), expected]
    (update,) = slack.calls("chat.update")
    assert update.args["ts"] == "1.000001"  # the clicked question shows the feedback
    assert slack.calls("chat.postMessage") == []
