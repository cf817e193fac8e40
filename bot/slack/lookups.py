"""What the Slack side looks up once and keeps: DMs, languages (with the Chinese script the
Slack locale suggests), menus, listings, events.

Each lookup costs a Web API call or a store read, so it is made once per learner
(concurrent callers share it) and cached; the bounded caches forget the oldest first.
With several replicas, handled events and kept listings are also in the shared database
(`Shared`): the memory is then only a cache of it.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import pickle
from collections import OrderedDict
from datetime import UTC, datetime
from typing import Any, Protocol

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.answer.replies import Script
from bot.core.grammar import Command
from bot.core.lang import Lang
from bot.core.reply import Reply
from bot.core.tutor import Tutor
from bot.slack import learners
from bot.slack.blocks import dispatch
from bot.slack.blocks.kit import Message, Origin
from bot.slack.locale_script import locale_script
from bot.slack.tasks import Tasks

log = logging.getLogger(__name__)
LISTINGS_KEPT = 500
EVENTS_REMEMBERED = 2000
MENUS_KEPT = 1000


class Shared(Protocol):
    """What every replica must see: handled events and kept listings (bot/store/shared.py)."""

    def first_sight(self, event_id: str, *, now: datetime) -> bool: ...

    def keep(self, channel: str, ts: str, message: dict[str, Any], *, now: datetime) -> None: ...

    def kept(self, channel: str, ts: str) -> dict[str, Any] | None: ...


class Lookups:
    """Per-learner lookups (DM channel, language, script) and the caches listeners read."""

    def __init__(self, *, tutor: Tutor, tasks: Tasks, shared: Shared | None = None) -> None:
        self._tutor = tutor
        self._tasks = tasks
        self._shared = shared
        self._dms: dict[str, str] = {}
        self._langs: dict[str, Lang] = {}
        self._scripts: dict[str, Script] = {}
        self._lang_lookups: set[str] = set()
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._listings: OrderedDict[tuple[str, str], Message] = OrderedDict()
        self._menus: OrderedDict[tuple[str, str, Lang], Message] = OrderedDict()
        self._events: OrderedDict[str, None] = OrderedDict()

    # ------------------------------------------------------------------ events

    def seen_event(self, event_id: str) -> bool:
        """True when this event was handled already (Slack retries until it hears back)."""
        if not event_id:
            return False
        if event_id in self._events:
            return True
        self._events[event_id] = None
        while len(self._events) > EVENTS_REMEMBERED:
            self._events.popitem(last=False)
        return False

    async def handled_before(self, event_id: str) -> bool:
        """`seen_event`, across replicas: the first replica to record the id handles it."""
        if self.seen_event(event_id):
            return True
        if self._shared is None or not event_id:
            return False
        first = await asyncio.to_thread(self._shared.first_sight, event_id, now=_now())
        return not first

    # ------------------------------------------------------------------ menu and listings

    def menu(self, user: str, channel: str, lang: Lang) -> Message:
        """The help menu, built once per learner, channel and language: it does not change."""
        key = (user, channel, lang)
        if key not in self._menus:
            reply = self._tutor.handle(user, Command("help"), lang=lang)
            self._menus[key] = dispatch.message(reply, Origin(owner=user, channel=channel))
            while len(self._menus) > MENUS_KEPT:
                self._menus.popitem(last=False)
        return self._menus[key]

    def keep(self, channel: str, ts: str, message: Message) -> None:
        """Keep a posted reply, so "Share" and "Show all" can send it again later."""
        self._listings[(channel, ts)] = message
        while len(self._listings) > LISTINGS_KEPT:
            self._listings.popitem(last=False)
        if self._shared is not None:
            data = _listing_data(message)
            self._tasks.start(asyncio.to_thread(self._keep_shared, channel, ts, data))

    def _keep_shared(self, channel: str, ts: str, data: dict[str, Any]) -> None:
        assert self._shared is not None
        try:
            self._shared.keep(channel, ts, data, now=_now())
        except Exception as error:  # the click then finds it in this replica's memory only
            log.warning("a listing was not shared: %s", type(error).__name__)

    async def kept(self, channel: str, ts: str) -> Message | None:
        """The reply kept for channel/ts: from memory, else from the replica that posted it."""
        found = self._listings.get((channel, ts))
        if found is not None or self._shared is None:
            return found
        try:
            data = await asyncio.to_thread(self._shared.kept, channel, ts)
        except Exception as error:
            log.warning("a shared listing could not be read: %s", type(error).__name__)
            return None
        return None if data is None else _listing_from(data)

    # ------------------------------------------------------------------ language

    def learn_lang(self, client: AsyncWebClient, user: str) -> None:
        """Look the learner's language up in the background, once, for the replies to come."""
        if user in self._langs or user in self._lang_lookups:
            return
        self._lang_lookups.add(user)
        self._tasks.start(self._learn_lang(client, user))

    async def _learn_lang(self, client: AsyncWebClient, user: str) -> None:
        try:
            await self.lang(client, user)
        finally:
            self._lang_lookups.discard(user)

    def lang_now(self, user: str) -> Lang:
        """The language known so far, without waiting for a lookup."""
        return self._langs.get(user, "en")

    async def lang(self, client: AsyncWebClient, user: str) -> Lang:
        """The learner's chosen language (`lang zh`), else their Slack locale (zh-* → Chinese).

        Looked up once per learner (concurrent callers share the lookup), then cached.
        """
        if user in self._langs:
            return self._langs[user]
        async with self._lock("lang", user):
            if user not in self._langs:
                self._langs[user] = await self._look_up_lang(client, user)
        return self._langs[user]

    def script(self, user: str) -> Script | None:
        """The Chinese script the learner's Slack locale suggests (locale_script.py), once
        their language was looked up; None for other locales or before the lookup."""
        return self._scripts.get(user)

    def forget_lang(self, user: str) -> None:
        """After `lang en|zh` the next lookup reads the learner's new choice."""
        self._langs.pop(user, None)

    async def _look_up_lang(self, client: AsyncWebClient, user: str) -> Lang:
        chosen = await learners.chosen_lang(self._tutor.quiz, user)
        if chosen is not None:
            return chosen
        lang: Lang = "en"
        tz: str | None = None
        try:
            info = await client.users_info(user=user, include_locale=True)
            locale = str((info.get("user") or {}).get("locale") or "")
            lang = "zh" if locale.lower().startswith("zh") else "en"
            if script := locale_script(locale):
                self._scripts[user] = script
            tz = (info.get("user") or {}).get("tz")
        except SlackApiError as error:
            log.info("no locale for a user: %s", error.response.get("error"))
        await learners.remember(self._tutor.quiz, user, lang=lang, tz=tz)
        return lang

    # ------------------------------------------------------------------ DMs

    async def dm(self, client: AsyncWebClient, user: str) -> str:
        """The learner's DM channel with the tutor, opened once."""
        if user in self._dms:
            return self._dms[user]
        async with self._lock("dm", user):
            if user not in self._dms:
                opened = await client.conversations_open(users=user)
                self._dms[user] = str(opened["channel"]["id"])
        return self._dms[user]

    def _lock(self, kind: str, user: str) -> asyncio.Lock:
        return self._locks.setdefault((kind, user), asyncio.Lock())


def _now() -> datetime:
    return datetime.now(UTC)


def _listing_data(message: Message) -> dict[str, Any]:
    """A kept reply as JSON; its data (for pictures) pickled, since replicas run one version."""
    data: dict[str, Any] = {
        "text": message.text,
        "blocks": message.blocks,
        "full_listing": message.full_listing,
    }
    if message.reply is not None:
        data["reply"] = base64.b64encode(pickle.dumps(message.reply)).decode()
    return data


def _listing_from(data: dict[str, Any]) -> Message:
    reply: Reply | None = None
    if "reply" in data:
        try:  # written by a replica of this same deployment, into our own database
            reply = pickle.loads(base64.b64decode(data["reply"]))  # noqa: S301
        except Exception:  # another version's data: the listing still works, the picture not
            reply = None
    return Message(
        text=str(data.get("text", "")),
        blocks=list(data.get("blocks") or []),
        full_listing=str(data.get("full_listing", "")),
        reply=reply,
    )
