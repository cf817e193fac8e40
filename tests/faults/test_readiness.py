"""Issue 18, part 5: health that tells the truth. `/readyz` goes unready within 10 s of the
engine going away and ready again when it returns; Slack refusing the token shows too;
`/healthz` (liveness) stays up; `/metrics` is served beside them."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL, create_engine, make_url, text

from testkit.socket_proxy import EngineProxy, TcpProxy
from tests.conftest import IN_CI
from tests.faults.conftest import APP_TOKEN, Launch, Served

UNREADY_WITHIN = 10.0


def until(served: Served, want: Callable[[int, dict[str, object]], bool], limit: float) -> float:
    """Poll /readyz every 0.2 s until `want(status, body)`; the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        status, body = served.get("/readyz")
        if want(status, json.loads(body)):
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"/readyz did not change within {limit} s: {status} {body}")


def engine_ok(body: dict[str, object]) -> bool:
    checks = body["checks"]
    assert isinstance(checks, dict)
    return bool(checks["engine"]["ok"])


@pytest.mark.docker
def test_readyz_follows_the_engine_going_away_and_coming_back(
    launch: Launch, tmp_path: Path
) -> None:
    with EngineProxy(tmp_path / "engine.sock") as engine:
        served = launch(DOCKER_HOST=engine.docker_host)
        until(served, lambda status, body: status == 200 and body["ready"] is True, 30)

        engine.stop()
        went = until(served, lambda status, body: status == 503 and not engine_ok(body), 30)
        _status, body = served.get("/readyz")
        report = json.loads(body)
        assert report["checks"]["database"] == {"ok": True}
        assert report["checks"]["slack"] == {"ok": True}
        assert served.get("/healthz")[0] == 200  # alive, only not ready

        engine.start()
        back = until(served, lambda status, body: status == 200 and engine_ok(body), 30)
    print(f"unready after {went:.1f} s, ready again after {back:.1f} s")
    assert went <= UNREADY_WITHIN
    assert back <= UNREADY_WITHIN


@pytest.mark.docker
def test_readyz_says_when_slack_refuses_the_token(launch: Launch) -> None:
    served = launch()
    until(served, lambda status, body: status == 200, 30)
    served.slack.fail_next("auth.test", status=200, error="token_revoked", times=3)
    until(served, lambda status, body: status == 503 and not body["checks"]["slack"]["ok"], 10)
    _status, body = served.get("/readyz")
    assert "token_revoked" in body
    until(served, lambda status, body: status == 200, 20)  # and back once Slack accepts it


@pytest.mark.docker
def test_metrics_count_commands_acks_and_slack_errors(launch: Launch) -> None:
    served = launch()
    slack = served.slack
    assert slack.send_command(served.url, text="lessons").status == 200
    assert slack.send_command(served.url, text="nosuchthing").status == 200
    slack.fail_next("chat.postMessage", status=500, times=1)
    assert slack.send_command(served.url, text="progress").status == 200
    slack.wait_for_call("chat.postMessage", where=lambda c: c.ok, timeout=30)
    retried = 'tutor_slack_api_retries_total{method="chat.postMessage"} 1.0'
    replied = 'tutor_reply_seconds_count{verb="progress"} 1.0'
    deadline = time.monotonic() + 10  # the client counts the retry as its answer arrives
    while time.monotonic() < deadline:
        text = served.get("/metrics")[1]
        if retried in text and replied in text:
            break
        time.sleep(0.1)
    assert replied in text  # from the command's arrival to its final reply in the DM
    assert 'tutor_commands_total{outcome="ok",verb="lessons"} 1.0' in text
    assert 'tutor_commands_total{outcome="unknown",verb="unknown"} 1.0' in text
    assert "tutor_ack_seconds_count 3.0" in text
    assert 'tutor_slack_api_errors_total{error="internal_error",method="chat.postMessage"}' in text
    assert retried in text
    assert 'tutor_ack_seconds_bucket{le="0.25"} 3.0' in text  # each ack well within Slack's 3 s
    assert "tutor_demos_live 0.0" in text
    assert "tutor_demos_queued 0.0" in text
    assert 'tutor_outbox_depth{state="pending"} 0.0' in text


@pytest.mark.docker
def test_socket_mode_serves_health_and_metrics_on_health_port(launch: Launch) -> None:
    served = launch(SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET="")
    served.slack.wait_for_call("socket_mode.connect", timeout=30)
    port = served.health_port
    deadline = time.monotonic() + 30
    while (ready := served.get("/readyz", port=port))[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert ready[0] == 200, ready
    assert json.loads(ready[1])["checks"] == {
        "engine": {"ok": True},
        "database": {"ok": True},
        "slack": {"ok": True},
    }
    assert served.get("/healthz", port=port)[0] == 200
    status, text = served.get("/metrics", port=port)
    assert status == 200 and "tutor_demos_live" in text


POSTGRES = os.environ.get("TEST_POSTGRES_URL")


@pytest.fixture
def own_database() -> Iterator[URL]:
    """A database of this test's own on the test PostgreSQL server, dropped afterwards."""
    if not POSTGRES:
        if IN_CI:
            pytest.fail("CI needs TEST_POSTGRES_URL: ./scripts/test starts PostgreSQL and sets it")
        pytest.skip("set TEST_POSTGRES_URL to a scratch PostgreSQL database to run this")
    server = make_url(POSTGRES)
    name = f"tutor_faults_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.mark.docker
def test_readyz_follows_the_database_going_away_and_coming_back(
    launch: Launch, own_database: URL
) -> None:
    assert own_database.host and own_database.port
    with TcpProxy((own_database.host, own_database.port)) as database:
        proxied = own_database.set(host="127.0.0.1", port=database.port)
        served = launch(DATABASE_URL=proxied.render_as_string(hide_password=False))
        until(served, lambda status, body: status == 200 and body["ready"] is True, 30)

        database.stop()
        went = until(
            served,
            lambda status, body: status == 503 and not body["checks"]["database"]["ok"],
            30,
        )
        assert json.loads(served.get("/readyz")[1])["checks"]["engine"] == {"ok": True}

        database.start()
        back = until(served, lambda status, body: status == 200, 30)
    print(f"unready after {went:.1f} s, ready again after {back:.1f} s")
    assert went <= UNREADY_WITHIN
    assert back <= UNREADY_WITHIN


def metric_until(served: Served, wanted: list[str], limit: float = 60) -> str:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        text = served.get("/metrics")[1]
        if all(line in text.splitlines() for line in wanted):
            return text
        time.sleep(0.2)
    raise AssertionError(f"metrics never showed {wanted}: {text}")


@pytest.mark.docker
def test_metrics_show_demos_live_and_queued(launch: Launch) -> None:
    served = launch(DEMO_MAX_LIVE="1")
    slack = served.slack
    slack.send_command(served.url, text="run busybox", user_id="U1")
    metric_until(served, ["tutor_demos_live 1.0", "tutor_demos_queued 0.0"])
    slack.send_command(served.url, text="run busybox", user_id="U2")
    metric_until(served, ["tutor_demos_live 1.0", "tutor_demos_queued 1.0"])
    slack.send_command(served.url, text="clean", user_id="U1")
    metric_until(served, ["tutor_demos_live 1.0", "tutor_demos_queued 0.0"])
    assert 'tutor_commands_total{outcome="ok",verb="clean"} 1.0' in served.get("/metrics")[1]
