"""A listing too long for one message is cut, and "Show all" sends it whole as a file.

The bot runs in-process on fake ports (hundreds of processes are easier to fake than to
fork inside a pids-limited demo), served over real HTTP to the Slack stand-in.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from bot.config import Settings
from bot.core.capacity import Capacity
from bot.core.demo.service import DemoService
from bot.core.tutor import Tutor
from bot.health import Readiness
from bot.metrics import Metrics
from bot.slack.app import build_app
from bot.slack.probes import Probes
from bot.slack.server import serve_http
from bot.wiring import course_from
from testkit.fakes import FakeHost, FakeSandbox
from testkit.standin import SlackStandIn
from tests.e2e.slack_text import block_text, button

SECRET = "show-all-secret-0123456789"


class CrowdedSandbox(FakeSandbox):
    """Every demo has 300 workers."""

    def start(self, demo: Any, *, owner: str, ttl_seconds: float) -> Any:
        ref = super().start(demo, owner=owner, ttl_seconds=ttl_seconds)
        main = self.pids[ref.id][0]
        self.pids[ref.id] = [main + n for n in range(300)]
        return ref


@pytest.fixture
def served() -> Iterator[tuple[SlackStandIn, str]]:
    course = course_from(Settings())
    demos = DemoService(
        course=course,
        sandbox=CrowdedSandbox(),
        host=FakeHost(),
        capacity=Capacity(2),
        ttl_seconds=600,
        queue_wait=0,
    )
    tutor = Tutor(course=course, demos=demos)
    with SlackStandIn(signing_secret=SECRET, bot_token="xoxb-show-all") as slack:
        app, _session = build_app(
            tutor=tutor, token="xoxb-show-all", signing_secret=SECRET, base_url=slack.api_url
        )
        loop = asyncio.new_event_loop()
        ports: list[int] = []
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(loop)
            server = serve_http(
                app,
                host="127.0.0.1",
                port=0,
                probes=Probes(live=dict, readiness=Readiness({}), metrics=Metrics()),
                signing_secret=SECRET,
                ready=lambda port: (ports.append(port), ready.set()),
            )
            try:
                loop.run_until_complete(server)
            except asyncio.CancelledError:
                pass

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        assert ready.wait(10)
        yield slack, f"http://127.0.0.1:{ports[0]}/slack/events"
        for task in asyncio.all_tasks(loop):
            loop.call_soon_threadsafe(task.cancel)
        thread.join(10)


def test_show_all_sends_the_whole_listing_as_a_file(served: tuple[SlackStandIn, str]) -> None:
    slack, url = served
    slack.send_command(url, text="run --all", channel_id="C1")
    final = slack.wait_for_call(
        "chat.update",
        timeout=30,
        where=lambda c: "more lines not shown" in block_text(c.args.get("blocks")),
    )
    assert final.ok
    message = slack.last_message("DU1")
    assert message is not None
    value = button(message, "ct:show_all")["value"]
    answer = slack.send_action(
        url, action_id="ct:show_all", value=value, channel_id="DU1", message=message
    )
    assert answer.status == 200
    slack.wait_for_call("files.completeUploadExternal", timeout=15)
    listing = slack.files[-1].data.decode()
    assert listing.count("nginx") >= 900
    assert str(1000 + 299) in listing
    notice = slack.wait_for_response(answer.response_url_id)
    assert "as a file" in notice.args["text"]


def test_a_failed_upload_tells_the_learner_instead_of_nothing(
    served: tuple[SlackStandIn, str],
) -> None:
    slack, url = served
    slack.send_command(url, text="run --all", channel_id="C1")
    slack.wait_for_call(
        "chat.update",
        timeout=30,
        where=lambda c: "more lines not shown" in block_text(c.args.get("blocks")),
    )
    message = slack.last_message("DU1")
    assert message is not None
    value = button(message, "ct:show_all")["value"]
    slack.fail_next("files.getUploadURLExternal", status=500, times=3)  # outlasts the retries
    answer = slack.send_action(
        url, action_id="ct:show_all", value=value, channel_id="DU1", message=message
    )
    notice = slack.wait_for_response(answer.response_url_id, timeout=15)
    assert "could not be uploaded (internal_error)" in notice.args["text"]
    assert slack.calls("files.completeUploadExternal") == []
