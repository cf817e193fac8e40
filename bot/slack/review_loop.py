"""The daily review sender: claims due reviews from the store and posts them as DMs.

Every replica may run it; the store's claim makes each review go out once. A review that
Slack refuses goes back to pending in the store, due a little later, and is tried again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.quiz.ports import StoreError
from bot.core.quiz.review import MAX_TRIES, ReviewPlanner
from bot.slack.blocks import quiz as quiz_blocks
from bot.slack.delivery import retry_after
from bot.slack.lookups import Lookups

log = logging.getLogger(__name__)
CHECK_EVERY_SECONDS = 30.0


async def send_due(planner: ReviewPlanner, lookups: Lookups, client: AsyncWebClient) -> int:
    """One pass: claim what is due now, post each review, record the outcome."""
    due = await asyncio.to_thread(planner.claim)
    sent = 0
    for review in due:
        ok, again = False, False
        try:
            channel = await lookups.dm(client, review.learner)
            await client.chat_postMessage(
                channel=channel, **quiz_blocks.question(review.shown).payload()
            )
            ok = True
            sent += 1
        except (SlackApiError, aiohttp.ClientError, TimeoutError, ConnectionError) as error:
            again = retry_after(error) is not None  # Slack down or busy, not a bad channel
            log.warning(
                "a daily review could not be sent (%s)%s",
                type(error).__name__,
                "; it is tried again later" if again else "",
            )
        tries = review.tries if again else MAX_TRIES
        await asyncio.to_thread(planner.sent, review.slot, ok=ok, tries=tries)
    return sent


async def run_reviews(
    planner: ReviewPlanner,
    lookups: Lookups,
    client: AsyncWebClient,
    *,
    every: float = CHECK_EVERY_SECONDS,
) -> None:
    """Check for due reviews every `every` seconds until cancelled."""
    while True:
        try:
            await send_due(planner, lookups, client)
        except StoreError as error:
            log.warning("checking daily reviews failed (%s); trying again in %.0f s", error, every)
        await asyncio.sleep(every)


async def with_reviews(
    serving: Coroutine[Any, Any, None],
    *,
    planner: ReviewPlanner | None,
    lookups: Lookups,
    client: AsyncWebClient,
) -> None:
    """Serve Slack with the daily review sender running beside it (when there are quizzes)."""
    sender = (
        asyncio.ensure_future(run_reviews(planner, lookups, client))
        if planner is not None
        else None
    )
    try:
        await serving
    finally:
        if sender is not None:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender
