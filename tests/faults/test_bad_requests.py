"""Issue 18, part 4: junk at the events URL gets a 4xx and at most one short log line;
learner text echoed back is escaped, so it can never become a live mention."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

import pytest

from tests.e2e.conftest import SECRET
from tests.e2e.slack_text import block_text
from tests.faults.conftest import Launch, Served

REPEATS = 20


def post(
    served: Served, body: bytes, *, content_type: str, signed: bool, timestamp: str | None = None
) -> int:
    """POST raw bytes to the events URL, signed with the real secret or a wrong one."""
    ts = timestamp if timestamp is not None else str(int(time.time()))
    key = (SECRET if signed else "not-the-secret").encode()
    digest = hmac.new(key, b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        served.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": f"v0={digest}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code


FORM = "application/x-www-form-urlencoded"
JUNK = {
    "non-JSON body": (b"{not json", "application/json"),
    "JSON that is not an object": (b"[1, 2]", "application/json"),
    "bad payload=": (b"payload=%7Bnot-json", FORM),
    "invalid UTF-8": (b"text=\xff\xfe\xc3\x28", FORM),
}


@pytest.mark.docker
def test_junk_gets_a_4xx_never_a_5xx_and_costs_at_most_a_line_each(launch: Launch) -> None:
    served = launch()
    before = served.output().count("\n")
    statuses: dict[str, set[int]] = {}
    for name, (body, kind) in JUNK.items():
        for _ in range(REPEATS):
            statuses.setdefault(f"unsigned {name}", set()).add(
                post(served, body, content_type=kind, signed=False)
            )
            statuses.setdefault(f"signed {name}", set()).add(
                post(served, body, content_type=kind, signed=True)
            )
    for stamp in ("abc", "²³", "1e999", "", "99999999999999999999"):
        statuses.setdefault(f"timestamp {stamp!r}", set()).add(
            post(served, b"{}", content_type="application/json", signed=False, timestamp=stamp)
        )
    big = b"text=" + b"a" * (2 * 1024 * 1024)
    statuses["oversized body"] = {post(served, big, content_type=FORM, signed=True)}

    assert statuses == {
        **{f"unsigned {name}": {401} for name in JUNK},
        **{f"signed {name}": {400} for name in JUNK},
        **{f"timestamp {s!r}": {401} for s in ("abc", "²³", "1e999", "", "99999999999999999999")},
        "oversized body": {413},
    }
    log = served.output()
    assert "Traceback" not in log
    new_lines = log.splitlines()[before:]
    print(f"{2 * REPEATS * len(JUNK) + 6} junk requests, {len(new_lines)} log lines:")
    print("\n".join(new_lines))
    # 166 requests, six reasons to refuse: one line per reason, each short
    assert len(new_lines) == 6, new_lines
    assert all(len(line) < 200 for line in new_lines), new_lines
    # and real Slack traffic still gets in
    assert served.slack.send_command(served.url, text="help").status == 200


@pytest.mark.docker
def test_mentions_typed_by_a_learner_come_back_inert(launch: Launch) -> None:
    served = launch()
    slack = served.slack

    ack = slack.send_command(served.url, text="<!everyone> please")
    shown = json.dumps(ack.json())
    assert "&lt;!everyone&gt;" in shown
    assert "<!everyone>" not in shown

    # `run NAME` quotes the name back; `review at TIME` keeps only what a time can hold
    for count, (text, quoted) in enumerate(
        (("run <@U123>", "&lt;@u123&gt;"), ("review at <!channel>", "channel")), start=1
    ):
        assert slack.send_command(served.url, text=text).status == 200
        reply = slack.wait_for_call("chat.update", count=count, timeout=30)
        echoed = (block_text(reply.args["blocks"]) + str(reply.args.get("text"))).lower()
        assert quoted in echoed, echoed
        assert "<@u123>" not in echoed and "<!channel>" not in echoed, echoed
