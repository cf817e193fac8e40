"""What the Slack side keeps of a learner in the progress store: language, time zone, home.

Every call goes to a thread: the store may be a remote database, and the event loop must
keep acking. A store that is down never breaks a reply: the learner just gets defaults.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.core.lang import Lang
from bot.core.quiz.commands import QuizCommands
from bot.core.quiz.ports import StoreError
from bot.slack.blocks import quiz as quiz_blocks

log = logging.getLogger(__name__)


async def chosen_lang(quiz: QuizCommands | None, user: str) -> Lang | None:
    """The language the learner picked with `lang`, if any."""
    if quiz is None or not user:
        return None
    try:
        return await asyncio.to_thread(quiz.chosen_lang, user)
    except StoreError as error:
        log.warning("could not read a learner's language: %s", error)
        return None


async def remember(quiz: QuizCommands | None, user: str, *, lang: Lang, tz: str | None) -> None:
    """Keep Slack's locale (the default language) and time zone (for daily reviews)."""
    if quiz is None or not user:
        return
    try:
        await asyncio.to_thread(quiz.remember, user, locale_lang=lang, tz=tz)
    except StoreError as error:
        log.warning("could not keep a learner's settings: %s", error)


async def home_with_progress(
    quiz: QuizCommands | None, view: dict[str, Any], user: str, lang: Lang
) -> dict[str, Any]:
    """App Home plus the learner's mastery per lesson (unchanged if the store is down)."""
    if quiz is None:
        return view
    try:
        shown = await asyncio.to_thread(quiz.progress, user, lang)
    except StoreError as error:
        log.warning("could not read progress for App Home: %s", error)
        return view
    return quiz_blocks.home_with_progress(view, shown)
