"""The global cap on live demos and the queue in front of it."""

from __future__ import annotations

import threading

import pytest

from bot.core.capacity import Busy, Capacity, Ticket


def test_slots_are_given_until_the_limit() -> None:
    gate = Capacity(2)
    gate.acquire("a", wait=0)
    gate.acquire("b", wait=0)
    with pytest.raises(Busy) as busy:
        gate.acquire("c", wait=0)
    assert busy.value.position == 1
    assert gate.in_use == 2


def test_the_same_learner_holds_one_slot() -> None:
    gate = Capacity(1)
    gate.acquire("a", wait=0)
    gate.acquire("a", wait=0)
    assert gate.in_use == 1


def test_a_waiting_learner_is_told_their_place_and_served_when_a_slot_frees() -> None:
    gate = Capacity(1)
    gate.acquire("a", wait=0)
    positions: list[int] = []
    served = threading.Event()

    def wait_for_slot() -> None:
        gate.acquire("b", wait=5, on_queued=positions.append)
        served.set()

    waiter = threading.Thread(target=wait_for_slot)
    waiter.start()
    while not positions:
        threading.Event().wait(0.01)
    assert not served.is_set()
    gate.release("a")
    waiter.join(5)
    assert served.is_set()
    assert positions == [1]
    assert gate.holds("b")


def test_twenty_requests_never_exceed_the_cap() -> None:
    gate = Capacity(3)
    peak = 0
    lock = threading.Lock()
    errors: list[int] = []

    def learner(name: str) -> None:
        nonlocal peak
        try:
            gate.acquire(name, wait=5)
        except Busy as busy:
            errors.append(busy.position)
            return
        with lock:
            peak = max(peak, gate.in_use)
        threading.Event().wait(0.02)
        gate.release(name)

    threads = [threading.Thread(target=learner, args=(f"u{i}",)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert peak <= 3
    assert errors == []
    assert gate.in_use == 0


class GaveUp(Exception):
    pass


def test_a_slot_is_kept_when_the_body_succeeds_and_given_back_when_it_fails() -> None:
    gate = Capacity(1)
    with gate.slot("ann", wait=0, notify=lambda *_: None, queued="busy", gave_up=GaveUp):
        pass
    assert gate.holds("ann")
    gate.release("ann")
    with (
        pytest.raises(RuntimeError),
        gate.slot("bob", wait=0, notify=lambda *_: None, queued="busy", gave_up=GaveUp),
    ):
        raise RuntimeError("the engine said no")
    assert not gate.holds("bob")


def test_no_slot_in_time_tells_the_queue_place_then_raises_the_features_error() -> None:
    gate = Capacity(1)
    gate.acquire("ann", wait=0)
    notes: list[tuple[str, dict[str, object]]] = []
    with (
        pytest.raises(GaveUp),
        gate.slot(
            "bob",
            wait=0.01,
            notify=lambda k, p: notes.append((k, p)),
            queued="vm_busy",
            gave_up=GaveUp,
        ),
    ):
        pytest.fail("the body must not run without a slot")
    assert notes == [("vm_busy", {"position": 1, "limit": 1})]
    assert not gate.holds("bob")


def test_a_warm_demo_takes_a_free_slot_but_never_one_a_learner_waits_for() -> None:
    gate = Capacity(1)
    assert gate.try_acquire("pool:1")
    assert not gate.try_acquire("pool:2")
    gate.release("pool:1")
    waiting = threading.Thread(target=gate.acquire, args=("bob",), kwargs={"wait": 5})
    gate.acquire("alice", wait=0)
    waiting.start()
    while not gate._queue:  # bob stands in the queue
        threading.Event().wait(0.01)
    gate.release("alice")
    waiting.join()
    assert not gate.try_acquire("pool:3")
    assert gate.holds("bob")


def test_a_handed_out_warm_demo_keeps_its_slot_under_the_learners_name() -> None:
    gate = Capacity(1)
    assert gate.try_acquire("pool:1")
    gate.transfer("pool:1", "alice")
    assert gate.holds("alice") and not gate.holds("pool:1")
    assert gate.in_use == 1 and gate.full


def test_a_queued_learner_may_make_room_before_waiting() -> None:
    gate = Capacity(1)
    gate.acquire("spare", wait=0)
    with gate.slot(
        "bob",
        wait=1,
        notify=lambda *_: None,
        queued="busy",
        gave_up=GaveUp,
        on_queued=lambda: gate.release("spare"),
    ):
        pass
    assert gate.holds("bob") and not gate.holds("spare")


def test_a_queued_ticket_holds_no_thread_and_is_told_each_move_then_granted() -> None:
    gate = Capacity(1)
    gate.acquire("ann", wait=0)
    moves: dict[str, list[int]] = {"bob": [], "cy": [], "dee": []}
    granted: list[str] = []
    tickets = {
        name: Ticket(name, on_move=moves[name].append, on_granted=lambda n=name: granted.append(n))
        for name in moves
    }
    assert [gate.reserve(ticket) for ticket in tickets.values()] == [False, False, False]
    assert gate.waiting == 3
    gate.release("ann")
    assert granted == ["bob"]
    assert moves == {"bob": [1], "cy": [2, 1], "dee": [3, 2]}
    assert gate.holds("bob")


def test_a_cancelled_ticket_leaves_the_queue_and_those_behind_move_up() -> None:
    gate = Capacity(1)
    gate.acquire("ann", wait=0)
    first, second = Ticket("bob"), Ticket("cy")
    gate.reserve(first)
    gate.reserve(second)
    assert gate.cancel(first)
    assert second.position == 1
    gate.release("ann")
    assert second.granted
    assert not gate.cancel(second)  # granted first: the slot is the caller's to give back
    assert gate.holds("cy")
