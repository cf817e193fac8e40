"""The optional daily review DM: a time the learner picks, kept as rows in the store.

Each learner with a review time has one pending slot (its next occurrence, in their own
time zone). Any number of senders (replicas, restarts) may look for due slots; a slot is
claimed with a compare-and-set before anything is sent and the next one is planned in the
same transaction, so a review is sent at most once and the schedule survives restarts.
A slot claimed by a sender that then died stays claimed: never twice beats surely once.
A send that Slack refused goes back to pending, due a little later, up to MAX_TRIES times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.quiz.ports import Clock, ProgressStore
from bot.core.quiz.replies import QuestionShown
from bot.core.quiz.service import QuizError, QuizService
from bot.core.quiz.spacing import zone

RETRY_FIRST = timedelta(minutes=2)
"""A review whose send failed (Slack down) is tried again after this, then twice as long."""
MAX_TRIES = 5
LATE = timedelta(hours=12)
"""A review more than this late (the tutor was down) is skipped; the next day's stands."""
CLAIM_BATCH = 50
_TIME = re.compile(r"^(?:at\s+)?([01]?\d|2[0-3])[:.h]([0-5]\d)$", re.IGNORECASE)


@dataclass(frozen=True)
class ReviewDue:
    """A claimed review, ready to send; report back with `ReviewPlanner.sent`."""

    slot: int
    learner: str
    shown: QuestionShown
    tries: int = 0


def parse_time(text: str) -> str | None:
    """`09:00`, `9:00`, `at 21.30` → "HH:MM"; anything else → None."""
    match = _TIME.match(text.strip())
    if match is None:
        return None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def next_occurrence(hhmm: str, tz: str | None, after: datetime) -> datetime:
    """The first `hhmm` on the learner's wall clock strictly after `after`, in UTC."""
    where = zone(tz)
    local = after.astimezone(where)
    hour, minute = (int(part) for part in hhmm.split(":"))
    day = local.date()
    while True:
        candidate = datetime(day.year, day.month, day.day, hour, minute, tzinfo=where)
        if candidate.astimezone(UTC) > after:
            return candidate.astimezone(UTC)
        day += timedelta(days=1)


class ReviewPlanner:
    def __init__(self, *, quiz: QuizService, store: ProgressStore, clock: Clock) -> None:
        self._quiz = quiz
        self._store = store
        self._clock = clock

    def set(self, learner_id: str, hhmm: str) -> tuple[str, datetime]:
        """Review every day at `hhmm`; return the time zone used and the first time."""
        now = self._clock.now()
        with self._store.unit() as unit:
            learner = replace(unit.learner(learner_id), review_at=hhmm)
            unit.save_learner(learner)
            unit.drop_pending_slots(learner_id)
            first = next_occurrence(hhmm, learner.tz, now)
            unit.add_slot(learner_id, first)
        return learner.tz or "UTC", first

    def off(self, learner_id: str) -> bool:
        """Stop the daily review; False when there was none."""
        with self._store.unit() as unit:
            learner = unit.learner(learner_id)
            unit.save_learner(replace(learner, review_at=None))
            unit.drop_pending_slots(learner_id)
        return learner.review_at is not None

    def claim(self) -> list[ReviewDue]:
        """Claim every review whose time has come and open its quiz; send them, then `sent`."""
        now = self._clock.now()
        with self._store.unit() as unit:
            slots = unit.due_slots(now, limit=CLAIM_BATCH)
        ready: list[ReviewDue] = []
        for slot in slots:
            with self._store.unit() as unit:
                if not unit.claim_slot(slot.id, now=now):
                    continue  # another sender has it
                learner = unit.learner(slot.learner)
                if learner.review_at is not None and not unit.pending_slots(learner.id):
                    after = max(now, slot.due_at)
                    unit.add_slot(learner.id, next_occurrence(learner.review_at, learner.tz, after))
                if now - slot.due_at > LATE:
                    unit.close_slot(slot.id, status="missed", now=now)
                    continue
                lang: Lang = learner.effective_lang
                try:
                    shown = self._quiz.start_review(learner.id, lang=lang, unit=unit)
                except QuizError:
                    unit.close_slot(slot.id, status="empty", now=now)
                    continue
                intro = say("review_daily", lang, count=shown.head.total)
                ready.append(
                    ReviewDue(slot.id, learner.id, replace(shown, intro=intro), slot.tries)
                )
        return ready

    def sent(self, slot: int, *, ok: bool, tries: int = 0) -> None:
        """Record a send: a failed one goes back to pending, due later, a few times over."""
        now = self._clock.now()
        with self._store.unit() as unit:
            if ok or tries + 1 >= MAX_TRIES:
                unit.close_slot(slot, status="sent" if ok else "failed", now=now)
            else:
                unit.retry_slot(slot, due_at=now + RETRY_FIRST * 2**tries)
