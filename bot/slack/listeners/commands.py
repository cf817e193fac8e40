"""`/container-demo`: ack at once; anything that touches Docker continues in the DM."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.grammar import ENGINE_VERBS, QUIZ_VERBS, Command, parse
from bot.core.messages import say
from bot.slack import blocks
from bot.slack.session import Session

COMMAND = "/container-demo"


def register(app: AsyncApp, session: Session) -> None:
    @app.command(COMMAND)
    async def container_demo(
        ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        user = str(command.get("user_id", ""))
        channel = str(command.get("channel_id", ""))
        text = str(command.get("text") or "")
        lang = session.lang_now(user)
        parsed = parse(text)
        if isinstance(parsed, Command) and (
            parsed.verb in ENGINE_VERBS or parsed.verb in QUIZ_VERBS
        ):
            key = "see_dm" if parsed.verb in ENGINE_VERBS else "quiz_see_dm"
            await ack(response_type="ephemeral", text=say(key, lang))
            session.request(client, user=user, text=text, origin_channel=channel)
            return
        if parsed == Command("help"):
            message = session.menu(user, channel, lang)
        else:
            reply = session.tutor.handle(user, text, lang=lang)
            message = blocks.message(reply, blocks.Origin(owner=user, channel=channel))
        await ack(response_type="ephemeral", **message.payload())
        session.learn_lang(client, user)
