"""The per-learner worker on its own: real Web API calls to the Slack stand-in, fake ports."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.grammar import Command, Parsed, parse
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.quiz.commands import QuizCommands
from bot.core.replies import Notice
from bot.core.reply import Reply
from bot.core.tutor import Tutor
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks
from bot.slack.worker import Worker
from testkit.fakes import fake_tutor
from testkit.quiz_fakes import FakeClock, MemoryStore
from testkit.standin import SlackStandIn

TOKEN = "xoxb-worker-test"


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(signing_secret="unused", bot_token=TOKEN) as standin:
        yield standin


def with_quizzes(tutor: Tutor) -> Tutor:
    quiz = QuizCommands(course=tutor.course, store=MemoryStore(), clock=FakeClock())
    return Tutor(course=tutor.course, demos=tutor.demos, quiz=quiz)


def parts(tutor: Tutor) -> tuple[Tasks, Lookups, Worker]:
    tasks = Tasks()
    lookups = Lookups(tutor=tutor, tasks=tasks)
    return tasks, lookups, Worker(tutor=tutor, lookups=lookups, tasks=tasks)


def first_progress_text(slack: SlackStandIn, parsed: Parsed) -> str:
    assert isinstance(parsed, Command)

    async def scenario() -> None:
        tasks, _lookups, worker = parts(fake_tutor())
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        await worker.request(client, user="U1", command=parsed, origin_channel="C1")
        await tasks.drain()
        worker.close()

    asyncio.run(scenario())
    return str(slack.calls("chat.postMessage")[0].args["text"])


@pytest.mark.parametrize("typed", ["run nginx", "start nginx", "demo nginx"])
def test_run_and_its_aliases_say_the_container_is_being_created(
    slack: SlackStandIn, typed: str
) -> None:
    assert first_progress_text(slack, parse(typed)) == say("progress_created", "en")


def test_other_commands_say_they_are_working(slack: SlackStandIn) -> None:
    assert first_progress_text(slack, parse("pids")) == say("progress_working", "en")


def test_the_reply_replaces_the_progress_message_and_is_kept_for_show_all(
    slack: SlackStandIn,
) -> None:
    async def scenario() -> None:
        tasks, lookups, worker = parts(fake_tutor())
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        await worker.request(client, user="U1", command=Command("run", "nginx"))
        await tasks.drain()
        worker.close()
        (posted,) = slack.calls("chat.postMessage")
        final = slack.calls("chat.update")[-1]
        assert final.args["ts"] == posted.response["ts"]
        kept = await lookups.kept(str(final.args["channel"]), str(final.args["ts"]))
        assert kept is not None and "nginx" in kept.full_listing

    asyncio.run(scenario())


def test_a_burst_of_clicks_runs_the_newest_command_and_says_the_rest_were_replaced(
    slack: SlackStandIn,
) -> None:
    async def scenario() -> None:
        tasks, _lookups, worker = parts(fake_tutor())
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        worker.heard()  # Slack is busy: the worker waits for a pause
        burst = [
            worker.request(client, user="U1", command=Command(verb))
            for verb in ("help", "lessons", "clean")
        ]
        await asyncio.gather(*burst)
        await tasks.drain()
        worker.close()

    asyncio.run(scenario())
    note, working = slack.calls("chat.postMessage")
    assert note.args["text"] == (f"`help`, `lessons`: {say('superseded', 'en', command='clean')}")
    assert working.args["text"] == say("progress_working", "en")
    assert say("nothing_to_clean", "en") in str(slack.calls("chat.update")[-1].args["text"])


def test_a_learners_commands_run_one_at_a_time_in_order(slack: SlackStandIn) -> None:
    async def scenario() -> None:
        tasks, _lookups, worker = parts(fake_tutor())
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        await worker.run(client, user="U1", command=Command("run", "nginx"))
        await worker.run(client, user="U1", command=Command("stop"))
        await tasks.drain()
        worker.close()

    asyncio.run(scenario())
    first, second = slack.calls("chat.postMessage")
    updates = slack.calls("chat.update")
    assert [u.args["ts"] for u in updates] == sorted(u.args["ts"] for u in updates)
    assert first.response["ts"] != second.response["ts"]


def test_a_caller_can_take_the_reply_instead_of_a_new_dm_message(slack: SlackStandIn) -> None:
    delivered: list[tuple[Reply, Lang]] = []

    async def deliver(reply: Reply, lang: Lang) -> None:
        delivered.append((reply, lang))

    async def scenario() -> None:
        tasks, _lookups, worker = parts(fake_tutor())
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        await worker.request(client, user="U1", command=Command("clean"), deliver=deliver)
        await tasks.drain()
        worker.close()

    asyncio.run(scenario())
    assert delivered == [(Notice("nothing_to_clean"), "en")]
    assert slack.calls("chat.postMessage") == []


def test_after_lang_the_next_command_is_answered_in_the_new_language(
    slack: SlackStandIn,
) -> None:
    async def scenario() -> None:
        tasks, lookups, worker = parts(with_quizzes(fake_tutor()))
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        assert await lookups.lang(client, "U1") == "en"
        await worker.run(client, user="U1", command=parse("lang zh"))  # type: ignore[arg-type]
        await worker.run(client, user="U1", command=Command("clean"))
        await tasks.drain()
        worker.close()

    asyncio.run(scenario())
    assert say("nothing_to_clean", "zh") in str(slack.calls("chat.update")[-1].args["text"])
