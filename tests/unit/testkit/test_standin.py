"""The Slack stand-in answers like Slack, enforces Slack's limits and signs like Slack."""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

# The repository root is not on sys.path when pytest runs from its console script.
_ROOT = str(Path(__file__).resolve().parents[3])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from slack_bolt import App  # noqa: E402
from slack_bolt.request import BoltRequest  # noqa: E402
from slack_sdk import WebClient  # noqa: E402
from slack_sdk.errors import SlackApiError  # noqa: E402
from slack_sdk.http_retry.builtin_handlers import (  # noqa: E402
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.signature import SignatureVerifier  # noqa: E402
from slack_sdk.web.async_client import AsyncWebClient  # noqa: E402
from slack_sdk.webhook import WebhookClient  # noqa: E402

from testkit.standin import RESPONSE_URL, SlackStandIn  # noqa: E402

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"


# --------------------------------------------------------------------------- fixtures

Handler = Callable[[str, dict[str, str]], tuple[int, str]]


class BotEndpoint:
    """A tiny local HTTP endpoint standing in for the bot's ``POST /slack/events``."""

    def __init__(self, handle: Handler) -> None:
        self.received: list[tuple[str, dict[str, str]]] = []
        endpoint = self

        class _Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length).decode()
                headers = dict(self.headers.items())
                endpoint.received.append((body, headers))
                status, text = handle(body, headers)
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/slack/events"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(signing_secret=SECRET, bot_token=TOKEN, user_locales={"U2": "ja-JP"}) as s:
        yield s


@pytest.fixture
def client(slack: SlackStandIn) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.api_url)


@pytest.fixture
def verifying_bot() -> Iterator[BotEndpoint]:
    """Answers 200 to correctly signed requests and 401 otherwise, like Bolt."""
    verifier = SignatureVerifier(SECRET)

    def handle(body: str, headers: dict[str, str]) -> tuple[int, str]:
        return (200, "") if verifier.is_valid_request(body, headers) else (401, "invalid")

    endpoint = BotEndpoint(handle)
    yield endpoint
    endpoint.close()


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


# --------------------------------------------------------------------------- Web API


def test_api_url_ends_with_api_slash(slack: SlackStandIn) -> None:
    assert slack.api_url == f"http://127.0.0.1:{slack.port}/api/"


def test_post_message_is_recorded_with_blocks(slack: SlackStandIn, client: WebClient) -> None:
    blocks = [section("*hello*")]
    first = client.chat_postMessage(channel="C1", text="hello", blocks=blocks)
    second = client.chat_postMessage(channel="C1", text="again")

    assert first["ok"]
    assert first["channel"] == "C1"
    assert first["message"]["blocks"] == blocks
    assert float(second["ts"]) > float(first["ts"])
    (call, _) = slack.calls("chat.postMessage")
    assert call.args["blocks"] == blocks
    assert call.args["channel"] == "C1"
    assert "token" not in call.args
    assert call.at <= time.time()
    assert slack.last_message("C1") == second["message"]


def test_form_encoded_blocks_are_parsed(slack: SlackStandIn, client: WebClient) -> None:
    blocks = [section("from a form")]
    client.api_call(
        "chat.postMessage", params={"channel": "C1", "text": "t", "blocks": json.dumps(blocks)}
    )
    assert slack.calls("chat.postMessage")[0].args["blocks"] == blocks


def test_wrong_or_missing_token_is_rejected(slack: SlackStandIn) -> None:
    with pytest.raises(SlackApiError) as wrong:
        WebClient(token="xoxb-wrong", base_url=slack.api_url).auth_test()
    assert wrong.value.response["error"] == "invalid_auth"
    with pytest.raises(SlackApiError) as missing:
        WebClient(base_url=slack.api_url).auth_test()
    assert missing.value.response["error"] == "not_authed"


def test_auth_test_and_unknown_method(client: WebClient) -> None:
    auth = client.auth_test()
    assert (auth["user_id"], auth["bot_id"], auth["team_id"], auth["user"]) == (
        "UBOT",
        "BBOT",
        "T1",
        "tutor",
    )
    with pytest.raises(SlackApiError) as error:
        client.api_call("no.suchMethod")
    assert error.value.response["error"] == "unknown_method"


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        ({"text": "t", "blocks": [section("x")] * 51}, "invalid_blocks"),
        ({"text": "t", "blocks": [section("x" * 3001)]}, "invalid_blocks"),
        ({"text": "t", "blocks": [section("")]}, "invalid_blocks"),
        (
            {
                "text": "t",
                "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
            },
            "invalid_blocks",
        ),
        ({"text": "t", "blocks": [{"type": "sectoin"}]}, "invalid_blocks"),
        ({"text": "x" * 40_001}, "msg_too_long"),
        ({}, "no_text"),
    ],
)
@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing:UserWarning")
def test_message_limits_are_enforced(
    slack: SlackStandIn, client: WebClient, payload: dict[str, Any], error: str
) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", **payload)
    assert raised.value.response["error"] == error
    assert slack.calls("chat.postMessage")[0].error == error
    assert slack.last_message("C1") is None


def test_limits_at_the_edge_pass(client: WebClient) -> None:
    header = {"type": "header", "text": {"type": "plain_text", "text": "h" * 150}}
    blocks = [header, section("x" * 3000)] + [section("y")] * 48
    assert client.chat_postMessage(channel="C1", text="x" * 40_000, blocks=blocks)["ok"]


def test_limits_apply_to_update_and_ephemeral(client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C1", text="t")["ts"]
    with pytest.raises(SlackApiError, match="invalid_blocks"):
        client.chat_update(channel="C1", ts=ts, text="t", blocks=[section("x")] * 51)
    with pytest.raises(SlackApiError, match="invalid_blocks"):
        client.chat_postEphemeral(channel="C1", user="U1", text="t", blocks=[section("x" * 3001)])


def test_blocks_without_text_warn(slack: SlackStandIn, client: WebClient) -> None:
    with pytest.warns(UserWarning, match="text"):  # slack_sdk warns on its side too
        response = client.chat_postMessage(channel="C1", blocks=[section("x")])
    assert response["ok"]
    assert slack.warnings == ["chat.postMessage: missing_text"]
    assert slack.calls("chat.postMessage")[0].warnings == ("missing_text",)


def test_update_delete_and_ephemeral(slack: SlackStandIn, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C1", text="v1", blocks=[section("b1")])["ts"]
    updated = client.chat_update(channel="C1", ts=ts, text="v2")
    assert (updated["channel"], updated["ts"]) == ("C1", ts)
    message = slack.last_message("C1")
    assert message is not None
    assert message["text"] == "v2"
    assert message["blocks"] == [section("b1")]

    ephemeral = client.chat_postEphemeral(channel="C1", user="U1", text="psst")
    assert ephemeral["message_ts"]

    client.chat_delete(channel="C1", ts=ts)
    assert slack.last_message("C1") is None
    with pytest.raises(SlackApiError, match="message_not_found"):
        client.chat_update(channel="C1", ts=ts, text="v3")


def test_dm_views_and_users(slack: SlackStandIn, client: WebClient) -> None:
    channel = client.conversations_open(users="U1")["channel"]["id"]
    assert channel == "DU1"
    client.chat_postMessage(channel="U1", text="dm")  # a user id lands in the DM
    assert slack.last_message("DU1") is not None

    home = {"type": "home", "blocks": [section("welcome")]}
    published = client.views_publish(user_id="U1", view=home)
    assert published["view"]["id"].startswith("V")
    assert slack.home_view("U1") == published["view"]
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.views_publish(user_id="U1", view={"type": "home", "blocks": [section("x")] * 101})

    assert client.users_info(user="U1", include_locale=True)["user"]["locale"] == "en-US"
    assert client.users_info(user="U2", include_locale=True)["user"]["locale"] == "ja-JP"
    assert "locale" not in client.users_info(user="U2")["user"]  # Slack needs include_locale


def test_views_open_needs_a_fresh_trigger(slack: SlackStandIn, client: WebClient) -> None:
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Demo"}, "blocks": []}
    trigger = slack.new_trigger_id()
    assert client.views_open(trigger_id=trigger, view=modal)["view"]["id"]
    with pytest.raises(SlackApiError, match="exchanged_trigger_id"):
        client.views_open(trigger_id=trigger, view=modal)
    with pytest.raises(SlackApiError, match="invalid_trigger_id"):
        client.views_open(trigger_id="made-up", view=modal)
    slack.trigger_ttl = 0.0
    with pytest.raises(SlackApiError, match="expired_trigger_id"):
        client.views_open(trigger_id=slack.new_trigger_id(), view=modal)


def test_files_upload_v2_end_to_end(slack: SlackStandIn, client: WebClient) -> None:
    response = client.files_upload_v2(channel="C1", content="hello file", filename="x.txt")

    assert response["ok"]
    assert response["file"]["name"] == "x.txt"
    (uploaded,) = slack.files
    assert uploaded.data == b"hello file"
    assert uploaded.channel_id == "C1"
    assert [c.method for c in slack.calls()] == [
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]
    shared = slack.last_message("C1")
    assert shared is not None
    assert shared["files"][0]["id"] == uploaded.id


def test_an_image_upload_keeps_its_alt_text_and_its_url_points_at_the_stand_in(
    slack: SlackStandIn, client: WebClient
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    client.files_upload_v2(channel="D1", file=png, filename="p.png", alt_txt="PID 1 is 4622")
    (uploaded,) = slack.files
    assert uploaded.data == png and uploaded.alt_txt == "PID 1 is 4622"
    url = slack.calls("files.getUploadURLExternal")[0].response["upload_url"]
    assert url.startswith(f"{slack.base_url}/upload/")


def test_alt_text_over_slacks_limit_is_refused(slack: SlackStandIn, client: WebClient) -> None:
    with pytest.raises(SlackApiError, match="alt_txt_too_large"):
        client.files_upload_v2(channel="D1", file=b"x", filename="p.png", alt_txt="a" * 1001)


def test_bytes_other_than_the_announced_length_are_refused(slack: SlackStandIn) -> None:
    import urllib.error
    import urllib.request

    client = WebClient(token=TOKEN, base_url=slack.api_url)
    url = client.files_getUploadURLExternal(filename="p.png", length=10)["upload_url"]
    with pytest.raises(urllib.error.HTTPError, match="400"):
        urllib.request.urlopen(urllib.request.Request(url, data=b"short", method="POST"))
    assert slack.calls("upload")[-1].error == "length_mismatch"


def test_completing_an_unknown_or_unsent_file_is_refused(
    slack: SlackStandIn, client: WebClient
) -> None:
    with pytest.raises(SlackApiError, match="file_not_found"):
        client.files_completeUploadExternal(files=[{"id": "F_NOT_ISSUED"}], channel_id="D1")
    issued = client.files_getUploadURLExternal(filename="p.png", length=3)["file_id"]
    with pytest.raises(SlackApiError, match="file_not_found"):  # announced, never uploaded
        client.files_completeUploadExternal(files=[{"id": issued}], channel_id="D1")


def test_async_client_is_understood(slack: SlackStandIn) -> None:
    async def run() -> tuple[str, str]:
        async_client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
        posted = await async_client.chat_postMessage(channel="C1", text="async")
        user = await async_client.users_info(user="U2", include_locale=True)
        return str(posted["ts"]), str(user["user"]["locale"])

    ts, locale = asyncio.run(run())
    assert locale == "ja-JP"
    message = slack.last_message("C1")
    assert message is not None
    assert message["ts"] == ts


# --------------------------------------------------------------------------- faults


def test_rate_limit_then_success_with_retry_handler(slack: SlackStandIn) -> None:
    client = WebClient(
        token=TOKEN,
        base_url=slack.api_url,
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )
    slack.fail_next("chat.postMessage", status=429, retry_after=1)

    assert client.chat_postMessage(channel="C1", text="eventually")["ok"]

    limited, accepted = slack.calls("chat.postMessage")
    assert (limited.status, limited.error) == (429, "ratelimited")
    assert accepted.ok
    assert accepted.at - limited.at >= 1.0


def test_rate_limit_without_handler_surfaces(slack: SlackStandIn, client: WebClient) -> None:
    slack.fail_next("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="t")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"


def test_server_errors_are_retried(slack: SlackStandIn) -> None:
    client = WebClient(
        token=TOKEN,
        base_url=slack.api_url,
        retry_handlers=[ServerErrorRetryHandler(max_retry_count=1)],
    )
    slack.fail_next("chat.update", status=500)
    ts = client.chat_postMessage(channel="C1", text="t")["ts"]
    assert client.chat_update(channel="C1", ts=ts, text="u")["ok"]
    assert [c.status for c in slack.calls("chat.update")] == [500, 200]


def test_injected_api_error(slack: SlackStandIn, client: WebClient) -> None:
    slack.fail_next("chat.postMessage", status=200, error="channel_not_found")
    with pytest.raises(SlackApiError, match="channel_not_found"):
        client.chat_postMessage(channel="C1", text="t")
    assert client.chat_postMessage(channel="C1", text="t")["ok"]


# --------------------------------------------------------------------------- signed requests


def test_signed_command_is_accepted(slack: SlackStandIn, verifying_bot: BotEndpoint) -> None:
    response = slack.send_command(verifying_bot.url, text="run alpine")

    assert response.status == 200
    assert response.acked_in_time
    body, headers = verifying_bot.received[0]
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    fields = {k: v[0] for k, v in parse_qs(body).items()}
    assert fields["command"] == "/container-demo"
    assert fields["text"] == "run alpine"
    assert fields["response_url"] == response.response_url
    expected = {
        "token",
        "team_id",
        "team_domain",
        "channel_id",
        "channel_name",
        "user_id",
        "user_name",
        "command",
        "text",
        "api_app_id",
        "is_enterprise_install",
        "response_url",
        "trigger_id",
    }
    assert expected <= fields.keys()


def test_wrong_secret_is_refused(slack: SlackStandIn, verifying_bot: BotEndpoint) -> None:
    response = slack.send_command(verifying_bot.url, signing_secret_override="not-the-secret")
    assert response.status == 401


def test_stale_timestamp_is_refused(slack: SlackStandIn, verifying_bot: BotEndpoint) -> None:
    ten_minutes_ago = int(time.time()) - 600
    response = slack.send_command(verifying_bot.url, timestamp_override=ten_minutes_ago)
    assert response.status == 401


def test_signed_action_and_event(slack: SlackStandIn, verifying_bot: BotEndpoint) -> None:
    message = {
        "type": "message",
        "ts": slack.new_ts(),
        "text": "pick",
        "blocks": [
            {
                "type": "actions",
                "block_id": "controls",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "stop",
                        "text": {"type": "plain_text", "text": "Stop"},
                    }
                ],
            }
        ],
    }
    action = slack.send_action(verifying_bot.url, action_id="stop", value="42", message=message)
    event = slack.send_event(
        verifying_bot.url,
        event={"type": "app_mention", "user": "U1", "text": "<@UBOT> hi", "channel": "C1"},
        retry_num=1,
    )
    handshake = slack.send_url_verification(verifying_bot.url)
    assert [action.status, event.status, handshake.status] == [200, 200, 200]

    (action_body, _), (event_body, event_headers), _ = verifying_bot.received
    payload = json.loads(parse_qs(action_body)["payload"][0])
    assert payload["type"] == "block_actions"
    assert payload["actions"][0]["block_id"] == "controls"
    assert payload["actions"][0]["value"] == "42"
    assert payload["container"]["message_ts"] == message["ts"]
    assert payload["response_url"].startswith(slack.base_url + "/response/")
    envelope = json.loads(event_body)
    assert envelope["type"] == "event_callback"
    assert envelope["event"]["type"] == "app_mention"
    assert event_headers["X-Slack-Retry-Num"] == "1"
    assert event_headers["X-Slack-Retry-Reason"] == "http_timeout"


# --------------------------------------------------------------------------- response_url


def test_response_url_posts_are_recorded(slack: SlackStandIn) -> None:
    url = slack.new_response_url(channel_id="C1")
    webhook = WebhookClient(url)

    assert webhook.send(text="working on it").body == "ok"
    assert webhook.send(text="done", response_type="in_channel").status_code == 200
    too_big = webhook.send(text="t", blocks=[section("x")] * 51)
    assert (too_big.status_code, too_big.body) == (400, "invalid_blocks")

    texts = [c.args.get("text") for c in slack.responses(url)]
    assert texts == ["working on it", "done", "t"]
    message = slack.last_message("C1")
    assert message is not None
    assert message["text"] == "done"


def test_response_url_expires_after_five_uses(slack: SlackStandIn) -> None:
    webhook = WebhookClient(slack.new_response_url())
    statuses = [webhook.send(text=str(i)).status_code for i in range(6)]
    assert statuses == [200, 200, 200, 200, 200, 404]


def test_response_url_replaces_the_clicked_message(
    slack: SlackStandIn, client: WebClient, verifying_bot: BotEndpoint
) -> None:
    client.chat_postMessage(channel="C1", text="original")
    action = slack.send_action(verifying_bot.url, action_id="go", channel_id="C1")
    assert action.response_url is not None

    WebhookClient(action.response_url).send(text="replaced", replace_original=True)

    message = slack.last_message("C1")
    assert message is not None
    assert message["text"] == "replaced"


# --------------------------------------------------------------------------- waiting


def test_wait_for_wakes_on_calls_from_other_threads(slack: SlackStandIn, client: WebClient) -> None:
    def later() -> None:
        time.sleep(0.2)
        client.chat_postMessage(channel="C9", text="late")

    threading.Thread(target=later).start()
    call = slack.wait_for_call("chat.postMessage", timeout=5)
    assert call.args["text"] == "late"
    with pytest.raises(TimeoutError, match=r"chat\.postMessage\(ok\)"):
        slack.wait_for(lambda calls: len(calls) > 1, timeout=0.2)


def test_concurrent_posts_get_unique_ts(slack: SlackStandIn, client: WebClient) -> None:
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(
            pool.map(lambda i: client.chat_postMessage(channel="C1", text=str(i)), range(40))
        )
    stamps = [r["ts"] for r in results]
    assert len(set(stamps)) == 40
    assert len(slack.messages("C1")) == 40


# --------------------------------------------------------------------------- a real Bolt app


def test_a_bolt_app_runs_end_to_end(slack: SlackStandIn) -> None:
    app = App(
        token=TOKEN,
        signing_secret=SECRET,
        client=WebClient(token=TOKEN, base_url=slack.api_url),
    )

    @app.command("/container-demo")
    def demo(ack: Any, respond: Any, say: Any, command: dict[str, Any]) -> None:
        ack()
        respond(text=f"starting {command['text']}")
        say(text="container is up", blocks=[section("*up*")])

    @app.event("app_mention")
    def mention(say: Any) -> None:
        say(text="hello")

    def dispatch(body: str, headers: dict[str, str]) -> tuple[int, str]:
        response = app.dispatch(BoltRequest(body=body, headers=dict(headers)))
        return response.status, response.body

    bot = BotEndpoint(dispatch)
    try:
        ack = slack.send_command(bot.url, text="alpine")
        assert ack.status == 200
        assert ack.acked_in_time
        assert ack.response_url_id is not None
        reply = slack.wait_for_response(ack.response_url_id)
        assert reply.args["text"] == "starting alpine"
        posted = slack.wait_for_call("chat.postMessage")
        assert posted.ok
        assert posted.args["blocks"] == [section("*up*")]

        assert (
            slack.send_event(bot.url, event={"type": "app_mention", "channel": "C1"}).status == 200
        )
        slack.wait_for(lambda calls: len([c for c in calls if c.method == "chat.postMessage"]) == 2)
        assert slack.send_command(bot.url, signing_secret_override="nope").status == 401
        assert slack.calls(RESPONSE_URL)[0].ok
    finally:
        bot.close()


def test_each_learner_gets_their_own_dm_from_the_query_string(slack: SlackStandIn) -> None:
    def open_dm(user: str) -> str:
        url = f"{slack.api_url}conversations.open?users={user}"
        request = urllib.request.Request(
            url, method="POST", headers={"Authorization": f"Bearer {slack.bot_token}"}
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            return str(json.loads(answer.read())["channel"]["id"])

    assert open_dm("U1") == "DU1"
    assert open_dm("U2") == "DU2"
    assert slack.calls("conversations.open")[1].args["users"] == "U2"


def test_rate_limits_by_tier_on_demand(slack: SlackStandIn, client: WebClient) -> None:
    for _ in range(60):  # no limits until asked for
        client.auth_test()
    slack.enforce_rate_limits({"chat.update": 2})
    posted = client.chat_postMessage(channel="C1", text="x")
    for _ in range(2):
        client.chat_update(channel="C1", ts=posted["ts"], text="y")
    with pytest.raises(SlackApiError) as refused:
        client.chat_update(channel="C1", ts=posted["ts"], text="z")
    assert refused.value.response.status_code == 429
    assert refused.value.response.get("error") == "ratelimited"
    assert 1 <= int(refused.value.response.headers["Retry-After"]) <= 60
    for _ in range(5):  # a burst of posts to one channel passes, the next waits
        client.chat_postMessage(channel="C2", text="burst")
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C2", text="one too many")
    client.chat_postMessage(channel="C3", text="another channel is counted apart")


def test_socket_mode_takes_the_app_token_only(slack: SlackStandIn) -> None:
    wrong = WebClient(token=slack.bot_token, base_url=slack.api_url)
    with pytest.raises(SlackApiError):
        wrong.apps_connections_open(app_token=slack.bot_token)
    slack.app_token = "xapp-1-test"
    url = wrong.apps_connections_open(app_token="xapp-1-test")["url"]
    assert url == f"{slack.ws_url}/link"
