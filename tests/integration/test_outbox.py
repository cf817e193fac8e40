"""The reply outbox on real SQLite and PostgreSQL: kept, leased to one sender, held, restarted."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from bot.store.outbox import SqlOutbox
from bot.store.sql import SqlProgressStore

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)
REPLY = {"channel": "D1", "ts": "1.000", "text": "nginx is PID 1 inside 中文 <ok>"}


def outbox_on(url: str) -> SqlOutbox:
    return SqlOutbox(SqlProgressStore(url))


def test_a_kept_reply_is_claimed_once_with_its_arguments_intact(url: str) -> None:
    box = outbox_on(url)
    box.add(learner="U1", method="chat.update", args=REPLY, now=NOW)
    [item] = box.claim_due(now=NOW, lease=LEASE)
    assert (item.learner, item.method, item.args, item.tries) == ("U1", "chat.update", REPLY, 0)
    assert box.claim_due(now=NOW + timedelta(seconds=5), lease=LEASE) == []  # leased


def test_a_lapsed_lease_lets_another_sender_take_it(url: str) -> None:
    box = outbox_on(url)
    box.add(learner="U1", method="chat.postMessage", args=REPLY, now=NOW)
    box.claim_due(now=NOW, lease=LEASE)
    [again] = box.claim_due(now=NOW + LEASE + timedelta(seconds=1), lease=LEASE)
    assert again.method == "chat.postMessage"


def test_a_retry_waits_until_it_is_due(url: str) -> None:
    box = outbox_on(url)
    box.add(learner="U1", method="chat.update", args=REPLY, now=NOW)
    [item] = box.claim_due(now=NOW, lease=LEASE)
    box.retry(item.id, error="ratelimited", due_at=NOW + timedelta(seconds=8))
    assert box.claim_due(now=NOW + timedelta(seconds=7), lease=LEASE) == []
    [later] = box.claim_due(now=NOW + timedelta(seconds=8), lease=LEASE)
    assert later.tries == 1


def test_delivered_replies_leave_and_held_ones_wait_for_the_learner(url: str) -> None:
    box = outbox_on(url)
    first = box.add(learner="U1", method="chat.update", args=REPLY, now=NOW)
    second = box.add(learner="U1", method="chat.postMessage", args=REPLY, now=NOW)
    box.add(learner="U2", method="chat.postMessage", args=REPLY, now=NOW)
    box.delivered(first)
    box.hold(second, error="internal_error " * 40)
    assert [item.id for item in box.held_for("U1")] == [second]
    assert box.held_for("U3") == []
    assert box.depth() == {"pending": 1, "held": 1}
    assert box.claim_due(now=NOW, lease=LEASE)[0].learner == "U2"  # held ones are not retried


def test_kept_replies_survive_a_restart(url: str) -> None:
    outbox_on(url).add(learner="U1", method="chat.update", args=REPLY, now=NOW)
    [item] = outbox_on(url).claim_due(now=NOW, lease=LEASE)  # a new process, a new store
    assert item.args == REPLY


def test_two_senders_never_claim_the_same_reply(url: str) -> None:
    box = outbox_on(url)
    for n in range(40):
        box.add(learner=f"U{n}", method="chat.postMessage", args=REPLY, now=NOW)
    claimed: list[list[int]] = [[], [], []]
    start = threading.Barrier(3)

    def sender(slot: int) -> None:
        mine = outbox_on(url)
        start.wait()
        for _ in range(10):
            claimed[slot] += [item.id for item in mine.claim_due(now=NOW, lease=LEASE, limit=5)]

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [item for ids in claimed for item in ids]
    assert len(every) == len(set(every)) == 40
