"""An answer's own buttons in Slack: a "did you mean" pick answers in place, *Helpful* /
*Not helpful* is kept for the lesson authors, both open to anyone who sees the answer.

The listeners' module-level callbacks are called as Bolt calls them, behind the one owner
check (`buttons.owners_only`), with a real Web API client talking to the Slack stand-in.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.config import Settings
from bot.core.answer.asked import Asked, QuestionLog, learner_hash
from bot.core.answer.replies import Answer
from bot.core.answer.service import Answerer
from bot.core.capacity import Capacity
from bot.core.demo.service import DemoService
from bot.core.grammar import Command
from bot.core.tutor import Tutor
from bot.slack.blocks import dispatch
from bot.slack.blocks.kit import Origin
from bot.slack.listeners.buttons import ButtonWork, owners_only
from bot.slack.listeners.choices import choice_button
from bot.slack.listeners.feedback import feedback_button
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks
from bot.wiring import answerer_from, course_from
from testkit.fakes import FakeHost, FakeSandbox
from testkit.standin import SlackStandIn

TOKEN = "xoxb-answer-buttons"
UNSURE = "镜象和容器有啥区别"


class MemoryLog:
    def __init__(self) -> None:
        self.rows: list[Asked] = []

    def add(self, asked: Asked) -> None:
        self.rows.append(asked)

    def all(self) -> list[Asked]:
        return list(self.rows)


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    settings = Settings()
    return answerer_from(settings, course_from(settings))


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    locales = {"U1": "zh-CN", "U2": "zh-TW", "U3": "en-US"}
    with SlackStandIn(signing_secret="unused", bot_token=TOKEN, user_locales=locales) as standin:
        yield standin


def tutor_with(answerer: Answerer, memory: MemoryLog) -> Tutor:
    course = answerer.course
    demos = DemoService(
        course=course,
        sandbox=FakeSandbox(),
        host=FakeHost(),
        capacity=Capacity(1),
        ttl_seconds=60,
        queue_wait=0,
    )
    log = QuestionLog(log=memory, now=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    return Tutor(course=course, demos=demos, answers=answerer, questions=log)


def buttons(answer: Answer, origin: Origin) -> dict[str, dict[str, Any]]:
    message = dispatch.message(answer, origin)
    return {
        e["action_id"]: e for b in message.blocks if b["type"] == "actions" for e in b["elements"]
    }


def click_as(
    slack: SlackStandIn, tutor: Tutor, user: str, button: dict[str, Any], work: ButtonWork
) -> list[dict[str, Any]]:
    """Click `button` as `user`; return what the listener sent through `respond`."""
    responses: list[dict[str, Any]] = []

    async def respond(**payload: Any) -> None:
        responses.append(payload)

    async def scenario() -> None:
        tasks = Tasks()
        lookups = Lookups(tutor=tutor, tasks=tasks)
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        body = {"user": {"id": user}, "channel": {"id": "C1"}, "message": {"ts": "1.000001"}}
        action = {"action_id": button["action_id"], "value": button["value"]}
        await owners_only(body, action, client, respond, lookups=lookups, not_yours=None, work=work)
        await tasks.drain()

    asyncio.run(scenario())
    return responses


def test_anyone_s_pick_answers_the_entry_in_place_and_is_kept(
    slack: SlackStandIn, answerer: Answerer
) -> None:
    memory = MemoryLog()
    tutor = tutor_with(answerer, memory)
    unsure = tutor.handle("U1", Command("ask", UNSURE), lang="zh")
    assert isinstance(unsure, Answer) and unsure.band == "unsure"
    pick = buttons(unsure, Origin(owner="U1", channel="C1"))["ca:pick:0"]
    work = functools.partial(choice_button, answers=tutor.answers, questions=tutor.questions)
    (shown,) = click_as(slack, tutor, "U2", pick, work)  # not the asker: still answered
    assert shown["replace_original"] is True
    assert "镜像（image）" in shown["text"]  # the asker's script, not the clicker's locale
    run = next(
        e
        for b in shown["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"].startswith("ct:run:")
    )
    assert '"o":"U1"' in run["value"]  # the demo button still belongs to the asker
    (kept,) = [row for row in memory.rows if row.outcome == "chose"]
    assert (kept.learner, kept.question, kept.entry) == (
        learner_hash("U2"),
        UNSURE,
        "faq-image-vs-container",
    )


def test_a_verdict_is_kept_and_only_the_clicker_is_thanked(
    slack: SlackStandIn, answerer: Answerer
) -> None:
    memory = MemoryLog()
    tutor = tutor_with(answerer, memory)
    answered = tutor.handle("U1", Command("ask", "what does exit code 137 mean?"))
    assert isinstance(answered, Answer) and answered.band == "answer"
    verdict = buttons(answered, Origin(owner="U1", channel="C1"))["cf:not_helpful"]
    work = functools.partial(
        feedback_button, questions=tutor.questions, lookups=Lookups(tutor=tutor, tasks=Tasks())
    )
    (thanks,) = click_as(slack, tutor, "U3", verdict, work)
    assert thanks["response_type"] == "ephemeral" and thanks["replace_original"] is False
    (kept,) = memory.rows
    assert (kept.outcome, kept.question, kept.entry) == (
        "not_helpful",
        "what does exit code 137 mean?",
        "faq-exit-code",
    )


def test_a_long_chinese_question_still_fits_in_a_button(answerer: Answerer) -> None:
    question = UNSURE * 140  # under the input limit; JSON writes each character as six
    unsure = answerer.answer(UNSURE)
    long = replace(unsure, question=question)
    for button in buttons(long, Origin(owner="U1", channel="C1")).values():
        assert len(button["value"]) <= 2000
        assert button["value"].endswith("}")  # still JSON, not cut mid-way


def test_the_slack_locale_suggests_the_learner_s_chinese_script(
    slack: SlackStandIn, answerer: Answerer
) -> None:
    lookups = Lookups(tutor=tutor_with(answerer, MemoryLog()), tasks=Tasks())

    async def scenario() -> None:
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        assert lookups.script("U1") is None  # nothing known before the lookup
        for user in ("U1", "U2", "U3"):
            await lookups.lang(client, user)

    asyncio.run(scenario())
    assert [lookups.script(u) for u in ("U1", "U2", "U3")] == ["zh-Hans", "zh-Hant", None]
