"""`sh` typed in Slack, sent from the *Run a command* modal or typed in the console is one
`Command`; in Slack it runs on the worker's own pool for learners' commands, and the terminal
commands (`shell`, `run -it`) are answered at once with a pointer to the terminal tutor."""

from __future__ import annotations

import asyncio
import functools
import io
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from rich.console import Console
from slack_sdk.web.async_client import AsyncWebClient

from bot.console.repl import run_console
from bot.core.answer.replies import Script
from bot.core.grammar import Command, Parsed
from bot.core.lang import Lang
from bot.core.notes import Notify, silent
from bot.core.reply import Reply
from bot.core.tutor import Tutor
from bot.slack.blocks import shell as shell_blocks
from bot.slack.blocks.kit import Origin, read_value
from bot.slack.listeners.actions import demo_button
from bot.slack.listeners.buttons import Clicked, clicked_value
from bot.slack.listeners.commands import container_demo
from bot.slack.listeners.shell import open_modal, run_submitted
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks
from bot.slack.worker import Worker
from testkit.shell_fakes import hands_on_tutor
from testkit.standin import SlackStandIn

TOKEN = "xoxb-shell-command"
TYPED = "sh ps aux | grep nginx"


class RecordingTutor(Tutor):
    """The real tutor with `sh` and tasks on fakes, noting each command and its thread."""

    def __init__(self) -> None:
        inner = hands_on_tutor()[0]
        super().__init__(
            course=inner.course, demos=inner.demos, shell=inner.shell, tasks=inner.tasks
        )
        self.seen: list[tuple[Parsed, str]] = []

    def handle(
        self,
        owner: str,
        parsed: Parsed,
        *,
        lang: Lang = "en",
        notify: Notify = silent,
        script: Script | None = None,
    ) -> Reply:
        self.seen.append((parsed, threading.current_thread().name))
        return super().handle(owner, parsed, lang=lang, notify=notify, script=script)


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(signing_secret="unused", bot_token=TOKEN) as standin:
        yield standin


def in_slack(slack: SlackStandIn, tutor: RecordingTutor, *texts: str, modal: str = "") -> list:
    """Type `texts` as `/container-demo`, then submit `modal` in the modal; the acks."""
    acks: list[dict[str, Any]] = []

    async def ack(**answer: Any) -> None:
        acks.append(answer)

    async def scenario() -> None:
        tasks = Tasks()
        lookups = Lookups(tutor=tutor, tasks=tasks)
        worker = Worker(tutor=tutor, lookups=lookups, tasks=tasks)
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        for text in texts:
            typed = {"user_id": "U1", "channel_id": "C1", "text": text}
            await container_demo(ack, typed, client, tutor=tutor, lookups=lookups, worker=worker)
            await tasks.drain()
        if modal:
            view = shell_blocks.modal(Origin(owner="U1", channel="C1"), "en")
            state = {
                "values": {"sh_command": {"text": {"type": "plain_text_input", "value": modal}}}
            }
            body = {"user": {"id": "U1"}, "view": {**view, "state": state}}
            run_submitted(body, client, worker=worker)
            await tasks.drain()
        worker.close()

    asyncio.run(scenario())
    return acks


def test_typed_submitted_and_console_sh_reach_the_tutor_as_one_command(
    slack: SlackStandIn,
) -> None:
    tutor = RecordingTutor()
    in_slack(slack, tutor, "run", TYPED, modal="ps  aux | grep nginx")
    lines = iter([TYPED])

    def read_once(_prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    run_console(tutor, console=Console(file=io.StringIO()), read=read_once)
    shs = [(parsed, thread) for parsed, thread in tutor.seen if parsed == Command("sh", TYPED[3:])]
    assert len(shs) == 3
    assert [thread.startswith("tutor-sh") for _, thread in shs] == [True, True, False]


def test_shell_and_run_it_are_answered_at_once_in_slack(slack: SlackStandIn) -> None:
    tutor = RecordingTutor()
    acks = in_slack(slack, tutor, "shell", "run -it")
    assert all("container-tutor console" in str(answer) for answer in acks)
    assert not slack.calls("chat.postMessage")  # nothing went to the DM


def test_the_hands_on_buttons_carry_their_owner_and_command() -> None:
    origin = Origin(owner="U1", channel="C1")
    hands_on = shell_blocks.hands_on(origin, "en", container="c1")
    values = {e["action_id"]: read_value(e["value"]) for e in hands_on["elements"]}
    assert values["ct:task"].command == Command("task")
    assert values["sh:open"].origin == origin
    assert values["sh:open"].command == Command("sh")


def test_run_a_command_picked_from_a_walk_menu_opens_the_modal(slack: SlackStandIn) -> None:
    tutor = RecordingTutor()
    origin = Origin(owner="U1", channel="C1")
    (pick, _task) = shell_blocks.hands_on_options(origin, "en")

    async def respond(**_note: Any) -> None:
        """Bolt's respond: nothing to say when the modal opens."""

    async def scenario() -> None:
        tasks = Tasks()
        lookups = Lookups(tutor=tutor, tasks=tasks)
        worker = Worker(tutor=tutor, lookups=lookups, tasks=tasks)
        client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        body = {"user": {"id": "U1"}, "trigger_id": "1.2.3"}
        action = {"action_id": "ct:walk_more", "selected_option": pick}
        clicked = Clicked(
            "U1", read_value(clicked_value(action)), "ct:walk_more", body, client, respond
        )
        modal = functools.partial(open_modal, lookups=lookups)
        await demo_button(clicked, lookups=lookups, worker=worker, shell=modal)
        await tasks.drain()
        worker.close()

    asyncio.run(scenario())
    (opened,) = slack.calls("views.open")
    assert "sh:run" in json.dumps(opened.args)
    assert not tutor.seen  # nothing ran: the modal asks for the command first
