"""The benches' harness drives real servers: `serve` and the bare Bolt app, over signed HTTP."""

from __future__ import annotations

import secrets
from pathlib import Path

from bench.harness.load import command_bodies, run_load
from bench.harness.serving import Side, start_server, stop_server, wait_ready
from testkit.standin import SlackStandIn

USERS = ("UHARNESS1", "UHARNESS2", "UHARNESS3")
COUNT = 60
"""Enough requests (about 0.5 ms of CPU each) to show above the 10 ms clock tick."""


def acks_help(side: Side, tmp_path: Path) -> None:
    with SlackStandIn(signing_secret=secrets.token_hex(16), bot_token="xoxb-harness") as slack:
        server = start_server(side, slack, tmp_path, max_live=1)
        try:
            assert wait_ready(server) is not None
            bodies = command_bodies(slack, text="help", users=USERS, count=COUNT)
            measured = run_load(slack, server.events_url, bodies, 4, [server])
        finally:
            stopped = stop_server(server)
    assert [sample.status for sample in measured.samples] == [200] * COUNT
    assert all(sample.acked for sample in measured.samples)
    assert measured.wall > 0 and measured.cpu[side] > 0
    assert stopped.startswith("exit ") and stopped.endswith("after SIGTERM")


def test_the_bare_app_acks_every_signed_command(tmp_path: Path) -> None:
    acks_help("bare", tmp_path)


def test_the_tutor_started_by_the_harness_acks_every_signed_command(
    tmp_path: Path, engine: object, leftovers: None
) -> None:
    acks_help("tutor", tmp_path)
