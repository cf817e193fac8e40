"""Block Kit stays within Slack's limits whatever the demo shows."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode.async_internals import run_async_bolt_app
from slack_bolt.async_app import AsyncApp
from slack_sdk.socket_mode.request import SocketModeRequest

from bot.core.demo.models import HostProcess, PidMapEntry, ProcNode
from bot.core.demo.replies import DemoShown
from bot.core.grammar import Command, parse
from bot.core.replies import Help
from bot.core.tutor import Tutor
from bot.slack.app import build_app
from bot.slack.blocks import dispatch, kit, menu
from bot.slack.session import Session
from testkit.fakes import fake_tutor
from testkit.standin import SlackStandIn


@pytest.fixture(scope="module")
def tutor() -> Tutor:
    return fake_tutor()


def within_limits(message: kit.Message) -> None:
    assert message.text
    assert len(message.blocks) <= kit.MAX_BLOCKS
    for block in message.blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= kit.MAX_SECTION
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= kit.MAX_HEADER
        if block["type"] == "actions":
            ids = [e["action_id"] for e in block["elements"]]
            assert len(ids) == len(set(ids)) <= 25


def test_the_longest_listing_is_cut_with_a_show_all_path(tutor: Tutor) -> None:
    shown = tutor.handle("u", parse("run --all"))
    assert isinstance(shown, DemoShown)
    many = tuple(
        HostProcess(
            user="www-data",
            uid=33,
            pid=10_000 + n,
            ppid=10_000,
            cpu_percent=0,
            mem_percent=0,
            vsz_kib=10_000,
            rss_kib=2_000,
            stat="S",
            start="10:00",
            time="0:00",
            command="nginx: worker process " * 8,
        )
        for n in range(400)
    )
    leaves = tuple(ProcNode(pid=p.pid, name="nginx", args=p.command) for p in many)
    views = shown.views.model_copy(
        update={
            "host_ps": many,
            "tree": ProcNode(pid=1, name="init", args="", children=leaves),
            "pid_map": tuple(
                PidMapEntry(host_pid=p.pid, ns_pid=n + 1, cmd=p.command) for n, p in enumerate(many)
            ),
        }
    )
    origin = kit.Origin(owner="U1", channel="C1", dm="DU1")
    message = dispatch.message(DemoShown(shown.demo, views, shown.show, shown.steps), origin)
    within_limits(message)
    assert "more lines not shown" in json.dumps(message.blocks)
    actions = [
        e["action_id"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]
    ]
    assert "ct:show_all" in actions and "ct:share" in actions
    assert message.full_listing.count("nginx: worker process") >= 1200


def test_every_reply_kind_fits(tutor: Tutor) -> None:
    origin = kit.Origin(owner="U1", channel="C1")
    for line in (
        "help",
        "lessons",
        "run",
        "top",
        "ps",
        "tree",
        "pids",
        "exec",
        "stop",
        "clean",
        "nonsense",
        "x" * 5000,
        "quiz",
    ):
        for lang in ("en", "zh"):
            within_limits(dispatch.message(tutor.handle("U1", parse(line), lang=lang), origin))  # type: ignore[arg-type]


def test_no_share_button_when_asked_in_the_dm_itself(tutor: Tutor) -> None:
    message = dispatch.message(tutor.handle("U1", parse("run")), kit.Origin("U1", "DU1", "DU1"))
    assert "ct:share" not in json.dumps(message.blocks)


def test_button_values_round_trip_and_garbage_belongs_to_nobody() -> None:
    origin = kit.Origin(owner="U1", channel="C1", dm="DU1")
    value = kit.button_value(origin, Command("pids"), a="share")
    assert kit.read_value(value) == kit.Click(origin, Command("pids"), {"a": "share"})
    about = Command("answer", "2", about=("attempt-1", "q-1"))
    assert kit.read_value(kit.button_value(origin, about)).command == about
    assert kit.read_value("{not json").origin.owner == ""
    assert kit.read_value("[1, 2]").origin.owner == ""
    assert kit.read_value('{"o": "U1", "v": "rm -rf"}').command is None


def test_the_home_view_fits(tutor: Tutor) -> None:
    view = menu.home_view(tutor.course.lessons, "zh", owner="U1")
    assert view["type"] == "home"
    assert len(view["blocks"]) <= 100
    assert "容器" in json.dumps(view["blocks"], ensure_ascii=False)


def test_the_menu_offers_every_demo(tutor: Tutor) -> None:
    menu = dispatch.message(Help(lessons=tutor.course.lessons), kit.Origin("U1"))
    assert "ct:run:nginx" in json.dumps(menu.blocks)


def test_socket_mode_requests_reach_the_listeners(tutor: Tutor) -> None:
    with SlackStandIn(signing_secret="unused-in-socket-mode", bot_token="xoxb-test") as slack:
        app, session = build_app(
            tutor=tutor, token="xoxb-test", signing_secret=None, base_url=slack.api_url
        )
        body = asyncio.run(over_socket_mode(app, session))
    assert "Did you mean `top`?" in json.dumps(body["blocks"])


async def over_socket_mode(app: AsyncApp, session: Session) -> dict[str, Any]:
    """What Bolt's Socket Mode handler does with one envelope from the websocket."""
    request = SocketModeRequest(
        type="slash_commands",
        envelope_id="env-1",
        payload={
            "command": "/container-demo",
            "text": "tpo",
            "user_id": "U1",
            "channel_id": "C1",
            "team_id": "T1",
            "response_url": "http://127.0.0.1:9/response",
            "trigger_id": "t",
            "api_app_id": "A1",
        },
    )
    response = await run_async_bolt_app(app, request)
    await session.drain()
    assert response.status == 200
    return dict(json.loads(response.body))
