"""Lookups and caches on their own: each Web API lookup is made once, caches stay bounded."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import lookups as lookups_module
from bot.slack.blocks.kit import Message
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks
from testkit.fakes import fake_tutor
from testkit.standin import SlackStandIn

TOKEN = "xoxb-lookups-test"


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    locales = {"U1": "zh-TW", "U2": "en-US"}
    with SlackStandIn(signing_secret="unused", bot_token=TOKEN, user_locales=locales) as standin:
        yield standin


@pytest.fixture
def lookups() -> Lookups:
    return Lookups(tutor=fake_tutor(), tasks=Tasks())


def test_a_dm_is_opened_once_however_many_ask_at_once(
    slack: SlackStandIn, lookups: Lookups
) -> None:
    async def scenario() -> list[str]:
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        return list(await asyncio.gather(*(lookups.dm(client, "U1") for _ in range(5))))

    channels = asyncio.run(scenario())
    assert len(set(channels)) == 1 and channels[0]
    assert len(slack.calls("conversations.open")) == 1


def test_the_language_follows_the_slack_locale_and_is_looked_up_once(
    slack: SlackStandIn, lookups: Lookups
) -> None:
    async def scenario() -> None:
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        assert lookups.lang_now("U1") == "en"  # nothing known yet: never waits
        assert await asyncio.gather(*(lookups.lang(client, "U1") for _ in range(3))) == ["zh"] * 3
        assert await lookups.lang(client, "U2") == "en"
        assert lookups.lang_now("U1") == "zh"

    asyncio.run(scenario())
    assert len(slack.calls("users.info")) == 2


def test_a_forgotten_language_is_looked_up_again(slack: SlackStandIn, lookups: Lookups) -> None:
    async def scenario() -> None:
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        await lookups.lang(client, "U1")
        lookups.forget_lang("U1")
        assert lookups.lang_now("U1") == "en"
        assert await lookups.lang(client, "U1") == "zh"

    asyncio.run(scenario())
    assert len(slack.calls("users.info")) == 2


def test_learning_a_language_runs_in_the_background(slack: SlackStandIn) -> None:
    tasks = Tasks()
    lookups = Lookups(tutor=fake_tutor(), tasks=tasks)

    async def scenario() -> None:
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        lookups.learn_lang(client, "U1")
        lookups.learn_lang(client, "U1")  # one lookup in flight is enough
        await tasks.drain()

    asyncio.run(scenario())
    assert lookups.lang_now("U1") == "zh"
    assert len(slack.calls("users.info")) == 1


def test_a_retried_event_is_seen_once(lookups: Lookups) -> None:
    assert not lookups.seen_event("Ev1")
    assert lookups.seen_event("Ev1")
    assert not lookups.seen_event("")  # no id: never taken for a retry
    assert not lookups.seen_event("")


def test_the_oldest_events_are_forgotten_first(
    lookups: Lookups, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lookups_module, "EVENTS_REMEMBERED", 2)
    for event in ("Ev1", "Ev2", "Ev3"):
        lookups.seen_event(event)
    assert not lookups.seen_event("Ev1")
    assert lookups.seen_event("Ev3")


def test_the_menu_is_built_once_per_learner_channel_and_language(lookups: Lookups) -> None:
    english = lookups.menu("U1", "C1", "en")
    assert lookups.menu("U1", "C1", "en") is english
    chinese = lookups.menu("U1", "C1", "zh")
    assert chinese is not english and chinese.text != english.text
    assert "ct:run:nginx" in str(english.blocks)


def test_kept_listings_are_bounded(lookups: Lookups, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lookups_module, "LISTINGS_KEPT", 2)
    for ts in ("1", "2", "3"):
        lookups.keep("D1", ts, Message(text=ts, full_listing=f"listing {ts}"))
    assert asyncio.run(lookups.kept("D1", "1")) is None
    kept = asyncio.run(lookups.kept("D1", "3"))
    assert kept is not None and kept.full_listing == "listing 3"
