"""Button listeners: ack the click at once, check its owner, then do its work as a task.

Every button's value names the learner it was made for (`blocks.kit.button_value`); this is
the one place a click from anyone else is turned away, with a note only they see. Buttons
registered with `not_yours=None` (an answer's "did you mean" choices and its *Helpful* /
*Not helpful*) are for anyone who sees the message: they show course text or keep the
clicker's own verdict, and touch nobody's demo or quiz.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.messages import say
from bot.slack.blocks.kit import Click, read_value
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks


@dataclass(frozen=True)
class Clicked:
    """A click by the button's owner: who, what the button carried, and where it was."""

    user: str
    click: Click
    action_id: str
    body: dict[str, Any]
    client: AsyncWebClient
    respond: AsyncRespond

    @property
    def message_key(self) -> tuple[str, str]:
        """The clicked message's channel and timestamp."""
        body = self.body
        channel = str((body.get("container") or {}).get("channel_id", "")) or str(
            (body.get("channel") or {}).get("id", "")
        )
        ts = str((body.get("message") or {}).get("ts", "")) or str(
            (body.get("container") or {}).get("message_ts", "")
        )
        return channel, ts


ButtonWork = Callable[[Clicked], Coroutine[Any, Any, None]]


def on_buttons(
    app: AsyncApp,
    *,
    tasks: Tasks,
    lookups: Lookups,
    action_ids: re.Pattern[str],
    not_yours: str | None,
    work: ButtonWork,
) -> None:
    """Clicks on buttons whose action_id matches: Bolt answers Slack as soon as this returns.

    `not_yours` is the note for a click by anyone but the owner; None lets anyone click."""

    @app.action(action_ids)
    async def acked(
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        await ack()
        tasks.start(
            owners_only(
                body, action, client, respond, lookups=lookups, not_yours=not_yours, work=work
            )
        )


async def owners_only(
    body: dict[str, Any],
    action: dict[str, Any],
    client: AsyncWebClient,
    respond: AsyncRespond,
    *,
    lookups: Lookups,
    not_yours: str | None,
    work: ButtonWork,
) -> None:
    """Run `work` for the button's owner (for anyone, when `not_yours` is None); anyone
    else gets the `not_yours` note."""
    clicker = str((body.get("user") or {}).get("id", ""))
    click = read_value(clicked_value(action))
    lang = await lookups.lang(client, clicker)
    owner = click.origin.owner
    if not_yours is not None and (not clicker or owner != clicker):
        await tell(respond, say(not_yours, lang, owner=owner or "someone"))
        return
    if not clicker:
        return
    action_id = str(action.get("action_id", ""))
    await work(Clicked(clicker, click, action_id, body, client, respond))


def clicked_value(action: dict[str, Any]) -> str:
    """A button's value, or the value of the option picked from an overflow or select menu."""
    picked = action.get("selected_option") or {}
    return str(action.get("value") or picked.get("value", ""))


async def tell(respond: AsyncRespond, text: str) -> None:
    """A note only the clicker sees, leaving the message they clicked untouched."""
    await respond(response_type="ephemeral", replace_original=False, text=text)
