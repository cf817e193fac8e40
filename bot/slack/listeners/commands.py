"""`/container-demo`: ack at once; anything that touches Docker continues in the DM."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.grammar import Command, parse
from bot.core.messages import say
from bot.slack import blocks
from bot.slack.listeners.quiz import in_dm as quiz_in_dm
from bot.slack.session import Session

COMMAND = "/container-demo"
ENGINE_VERBS = frozenset(
    {"run", "top", "ps", "tree", "pids", "exec", "stop", "clean", "vm", "compare"}
)


def needs_engine(text: str) -> bool:
    parsed = parse(text)
    return isinstance(parsed, Command) and parsed.verb in ENGINE_VERBS


def register(app: AsyncApp, session: Session) -> None:
    @app.command(COMMAND)
    async def container_demo(
        ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        user = str(command.get("user_id", ""))
        channel = str(command.get("channel_id", ""))
        text = str(command.get("text") or "")
        lang = session.lang_now(user)
        if needs_engine(text):
            await ack(response_type="ephemeral", text=say("see_dm", lang))
            session.start(session.run_in_dm(client, user=user, text=text, origin_channel=channel))
            return
        if quiz_in_dm(text):
            await ack(response_type="ephemeral", text=say("quiz_see_dm", lang))
            session.start(session.run_in_dm(client, user=user, text=text, origin_channel=channel))
            return
        if parse(text) == Command("help"):
            message = session.menu(user, channel, lang)
        else:
            reply = session.tutor.handle(user, text, lang=lang)
            message = blocks.message(reply, blocks.Origin(owner=user, channel=channel))
        await ack(response_type="ephemeral", **message.payload())
        if not session.knows_lang(user):
            session.start(_learn_language(session, client, user))


async def _learn_language(session: Session, client: AsyncWebClient, user: str) -> None:
    await session.lang(client, user)
