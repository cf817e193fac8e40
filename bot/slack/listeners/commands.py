"""`/container-demo`: parsed once here; anything that touches Docker continues in the DM."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.grammar import ENGINE_VERBS, QUIZ_VERBS, Command, parse
from bot.core.messages import say
from bot.core.tutor import Tutor
from bot.slack.blocks import dispatch
from bot.slack.blocks.kit import Origin
from bot.slack.lookups import Lookups
from bot.slack.worker import Worker

COMMAND = "/container-demo"


def register(app: AsyncApp, *, tutor: Tutor, lookups: Lookups, worker: Worker) -> None:
    @app.command(COMMAND)
    async def on_command(ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient) -> None:
        await container_demo(ack, command, client, tutor=tutor, lookups=lookups, worker=worker)


async def container_demo(
    ack: AsyncAck,
    command: dict[str, Any],
    client: AsyncWebClient,
    *,
    tutor: Tutor,
    lookups: Lookups,
    worker: Worker,
) -> None:
    """Ack with the answer, or with "see your DM" and queue the command for the worker."""
    user = str(command.get("user_id", ""))
    channel = str(command.get("channel_id", ""))
    lang = lookups.lang_now(user)
    parsed = parse(str(command.get("text") or ""))
    if isinstance(parsed, Command) and (parsed.verb in ENGINE_VERBS or parsed.verb in QUIZ_VERBS):
        key = "see_dm" if parsed.verb in ENGINE_VERBS else "quiz_see_dm"
        await ack(response_type="ephemeral", text=say(key, lang))
        worker.request(client, user=user, command=parsed, origin_channel=channel)
        return
    if parsed == Command("help"):
        message = lookups.menu(user, channel, lang)
    else:
        reply = tutor.handle(user, parsed, lang=lang, script=lookups.script(user))
        message = dispatch.message(reply, Origin(owner=user, channel=channel))
    await ack(response_type="ephemeral", **message.payload())
    lookups.learn_lang(client, user)
