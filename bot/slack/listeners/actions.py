"""Buttons on demo replies: they act only for the learner who owns the demo."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.grammar import VERBS
from bot.core.messages import say
from bot.slack import blocks
from bot.slack.listeners.buttons import on_buttons
from bot.slack.session import Session

ACTIONS = re.compile(rf"^{re.escape(blocks.ACTION_PREFIX)}")


def register(app: AsyncApp, session: Session) -> None:
    on_buttons(app, session, ACTIONS, _on_button)


async def _on_button(
    session: Session,
    client: AsyncWebClient,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: AsyncRespond,
) -> None:
    clicker = str((body.get("user") or {}).get("id", ""))
    origin, extra = blocks.read_value(str(action.get("value", "")))
    lang = await session.lang(client, clicker)
    if not clicker or origin.owner != clicker:
        await _tell(respond, say("not_yours", lang, owner=origin.owner or "someone"))
        return
    what = extra.get("a", "")
    if what == "share":
        await _share(session, client, body, origin, clicker, respond)
    elif what == "show_all":
        await _show_all(session, client, body, clicker, respond)
    elif what == "run":
        text = f"run {extra.get('x', '')}"
        session.request(client, user=clicker, text=text, origin_channel=origin.channel)
    elif what in VERBS:
        session.request(client, user=clicker, text=what, origin_channel=origin.channel)


async def _tell(respond: AsyncRespond, text: str) -> None:
    """A note only the clicker sees, leaving the message they clicked untouched."""
    await respond(response_type="ephemeral", replace_original=False, text=text)


def _message_key(body: dict[str, Any]) -> tuple[str, str]:
    channel = str((body.get("channel") or {}).get("id", ""))
    ts = str((body.get("message") or {}).get("ts", ""))
    return channel, ts


async def _share(
    session: Session,
    client: AsyncWebClient,
    body: dict[str, Any],
    origin: blocks.Origin,
    user: str,
    respond: AsyncRespond,
) -> None:
    lang = session.lang_now(user)
    kept = session.kept(*_message_key(body))
    if kept is None or not origin.channel:
        await _tell(respond, say("share_failed", lang, error="message expired"))
        return
    shared = [blocks.notice_context(say("shared_by", lang, user=user)), *kept.blocks]
    try:
        await client.chat_postMessage(
            channel=origin.channel, text=kept.text, blocks=blocks.fit(shared)
        )
    except SlackApiError as error:
        await _tell(respond, say("share_failed", lang, error=error.response.get("error")))


async def _show_all(
    session: Session, client: AsyncWebClient, body: dict[str, Any], user: str, respond: AsyncRespond
) -> None:
    lang = session.lang_now(user)
    kept = session.kept(*_message_key(body))
    if kept is None or not kept.full_listing:
        await _tell(respond, say("share_failed", lang, error="message expired"))
        return
    dm = await session.dm(client, user)
    await client.files_upload_v2(
        channel=dm,
        content=kept.full_listing,
        filename="container-tutor-listing.txt",
        title="container-tutor: full listing",
    )
    await _tell(respond, say("sent_file", lang))
