"""Issue 18, part 5: start-up refuses tokens that cannot work, survives a Slack hiccup, and
never exits 0 when it could not serve."""

from __future__ import annotations

import contextlib
import json
import socket
import urllib.error
import urllib.request

import pytest

from testkit.standin import SlackStandIn
from tests.faults.conftest import Launch, Served

BOLT_APOLOGY = "Please install this app"
BOLT_TOKEN_NOTES = ("will be unused", "will be ignored")


def one_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert "Traceback" not in output, output
    return lines[-1]


@pytest.mark.docker
def test_a_swapped_pair_of_tokens_is_named_and_refused(launch: Launch) -> None:
    served = launch(
        wait=False, SLACK_BOT_TOKEN="xapp-1-A1-secretish", SLACK_APP_TOKEN="xoxb-1-secretish"
    )
    assert served.wait_exit() == 2
    line = one_line(served.output())
    assert "swapped" in line
    assert "secretish" not in served.output()


@pytest.mark.docker
def test_a_user_token_in_place_of_the_bot_token_is_refused(launch: Launch) -> None:
    served = launch(wait=False, SLACK_BOT_TOKEN="xoxp-1-secretish")
    assert served.wait_exit() == 2
    assert "SLACK_BOT_TOKEN must be a bot token starting with xoxb-" in one_line(served.output())
    assert "secretish" not in served.output()


@pytest.mark.docker
def test_a_token_slack_rejects_exits_non_zero_with_one_clear_line(launch: Launch) -> None:
    served = launch(wait=False, SLACK_BOT_TOKEN="xoxb-revoked-secretish")
    assert served.wait_exit() == 1
    assert one_line(served.output()) == "Slack rejected SLACK_BOT_TOKEN: invalid_auth"
    assert "secretish" not in served.output()


@pytest.mark.docker
def test_auth_test_failing_at_and_after_start_drops_no_command(
    launch: Launch, slack: SlackStandIn
) -> None:
    # five 500s in a row: more than the client's own two retries, fewer than start-up's
    slack.fail_next("auth.test", status=500, times=5)
    served = launch()
    slack.fail_next("auth.test", status=500, times=50)  # and Slack stays unwell
    ack = slack.send_command(served.url, text="lessons")
    assert ack.status == 200
    assert BOLT_APOLOGY not in ack.body
    assert "lesson" in ack.body.lower()


@pytest.mark.docker
def test_start_up_is_quiet_about_tokens(launch: Launch) -> None:
    served = launch()
    assert not any(note in served.output() for note in BOLT_TOKEN_NOTES), served.output()


def test_start_up_on_a_new_database_is_quiet_about_its_migrations(launch: Launch) -> None:
    served = launch()  # a throwaway database: every migration runs at start
    said = served.output()
    for note in ("Context impl", "Will assume transactional DDL", "Running upgrade", "alembic"):
        assert note not in said, said


@pytest.mark.docker
def test_a_port_in_use_exits_non_zero_with_a_message(launch: Launch) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = int(taken.getsockname()[1])
        served = launch(wait=False, port=port)
        assert served.wait_exit() == 1
    line = one_line(served.output())
    assert line.startswith("could not serve:") and "address already in use" in line, line


@pytest.mark.docker
def test_log_format_json_gives_one_json_object_a_line(launch: Launch) -> None:
    served = launch(LOG_FORMAT="json")
    served.slack.send_command(served.url, text="help")
    post(served)  # a refused request logs a line too
    lines = [line for line in served.output().splitlines() if line.strip()]
    assert lines
    records = [json.loads(line) for line in lines]
    assert {"time", "level", "logger", "message"} <= set(records[0])
    assert any("refused a request" in record["message"] for record in records)


def post(served: Served) -> None:
    """An unsigned request: refused with 401 and one log line."""
    request = urllib.request.Request(served.url, data=b"{}", method="POST")
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10).close()


@pytest.mark.docker
def test_socket_mode_with_an_app_token_slack_refuses_exits_non_zero(launch: Launch) -> None:
    served = launch(wait=False, SLACK_APP_TOKEN="xapp-1-not-the-one", SLACK_SIGNING_SECRET="")
    assert served.wait_exit(60) == 1
    assert one_line(served.output()) == "Slack rejected SLACK_APP_TOKEN: invalid_auth"
    assert "not-the-one" not in served.output()
