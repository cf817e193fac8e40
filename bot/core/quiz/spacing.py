"""When a question comes back: FSRS (the `fsrs` package), not a home-made formula.

A right answer is rated Good and a wrong one Again. Learning steps are off so every
interval is in whole days, which suits one review DM a day: a missed question is due
again the next day, a known one after a few days, then weeks. Fuzzing is off so the
schedule is reproducible (the tutor's decks are small; fuzz only spreads large ones).
Because intervals are whole days, a question counts as due on its day, wherever the
learner is: a review at 09:00 also takes what falls due at 16:00.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler

from bot.core.quiz.ports import Card

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
CARD_ID = 1  # cards are keyed by (learner, question) in the store; FSRS needs some id


def review(card: Card | None, *, learner: str, question: str, correct: bool, at: datetime) -> Card:
    """The card after one answer given at `at`."""
    at = at.astimezone(UTC)
    memory = FsrsCard.from_json(card.memory) if card else FsrsCard(card_id=CARD_ID, due=at)
    rating = Rating.Good if correct else Rating.Again
    updated, _log = SCHEDULER.review_card(memory, rating, at)
    return Card(
        learner=learner,
        question=question,
        memory=updated.to_json(),
        due=updated.due.astimezone(UTC),
        last_correct=correct,
        reviews=(card.reviews if card else 0) + 1,
        lapses=(card.lapses if card else 0) + (0 if correct else 1),
        last_at=at,
    )


def zone(tz: str | None) -> ZoneInfo:
    """The learner's time zone (Slack's IANA name); UTC when unknown."""
    try:
        return ZoneInfo(tz or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def day_end(tz: str | None, now: datetime) -> datetime:
    """The end of the learner's day: intervals are whole days, so "due" means due today."""
    where = zone(tz)
    tomorrow = now.astimezone(where).date() + timedelta(days=1)
    return datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=where).astimezone(UTC)
