"""What several replicas share, on SQLite and PostgreSQL: each rule holds across processes'
connections racing for it, not only within one."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from bot.core.capacity import Capacity, Ticket
from bot.store.replicas import RUNS_BEFORE_TELLING, SqlReplicas
from bot.store.shared import SqlShared
from bot.store.slots import SqlSlots
from bot.store.sql import SqlProgressStore
from bot.store.wake import listen, listens

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
ALIVE = timedelta(seconds=6)


def stores(url: str, count: int) -> list[SqlProgressStore]:
    """One store per replica: each its own engine and connections, as separate processes."""
    found = [SqlProgressStore(url) for _ in range(count)]
    for store in found:
        store.open()
    return found


def slots(store: SqlProgressStore, replica: str, *, limit: int, engine: str = "a") -> SqlSlots:
    return SqlSlots(store, cap="demo", limit=limit, replica=replica, engine=engine, now=lambda: NOW)


def test_a_retried_event_is_handled_by_one_replica_only(url: str) -> None:
    replicas = [SqlShared(store) for store in stores(url, 3)]
    with ThreadPoolExecutor(6) as pool:
        firsts = list(pool.map(lambda r: r.first_sight("Ev1", now=NOW), replicas * 2))
    assert firsts.count(True) == 1


def test_a_listing_kept_by_one_replica_is_read_by_another(url: str) -> None:
    one, other = (SqlShared(store) for store in stores(url, 2))
    one.keep("D1", "1.0", {"text": "top", "full_listing": "PID 1 nginx"}, now=NOW)
    one.keep("D1", "1.0", {"text": "top", "full_listing": "PID 1 nginx\nPID 7"}, now=NOW)
    assert other.kept("D1", "1.0") == {"text": "top", "full_listing": "PID 1 nginx\nPID 7"}
    assert other.kept("D1", "2.0") is None
    assert one.forget_before(NOW + timedelta(hours=1)) == 1
    assert other.kept("D1", "1.0") is None


def test_a_thread_followed_on_one_replica_is_followed_on_all(url: str) -> None:
    one, other = (SqlShared(store) for store in stores(url, 2))
    one.follow("C1", "5.0", now=NOW)
    one.follow("C1", "5.0", now=NOW)  # answered again in the same thread
    assert other.follows("C1", "5.0") and not other.follows("C1", "6.0")


def test_the_global_cap_holds_when_replicas_race_for_the_last_slots(url: str) -> None:
    ledgers = [slots(store, f"r{n}", limit=5) for n, store in enumerate(stores(url, 4))]
    keys = [f"U{n}" for n in range(40)]
    with ThreadPoolExecutor(8) as pool:
        taken = list(pool.map(lambda k: ledgers[hash(k) % 4].take(k), keys))
    assert taken.count(True) == 5
    assert sum(slots_held for slots_held in ledgers[0].held().values()) == 5


def test_a_learner_holds_one_slot_wherever_it_was_taken(url: str) -> None:
    one, other = (
        slots(store, name, limit=2) for store, name in zip(stores(url, 2), "ab", strict=True)
    )
    assert one.take("U1") and other.take("U1")  # the same learner: the same one slot
    assert other.held() == {"a": 1}
    assert other.take("U2") and not one.take("U3")
    one.give_back("U1")
    assert one.take("U3")


def test_capacity_with_a_ledger_queues_until_another_replica_frees_a_slot(url: str) -> None:
    first, second = stores(url, 2)
    here = Capacity(5, ledger=slots(first, "r1", limit=1))
    there = Capacity(5, ledger=slots(second, "r2", limit=1))
    assert there.try_acquire("U0")
    granted: list[str] = []
    ticket = Ticket("U1", on_granted=lambda: granted.append("U1"))
    assert not here.reserve(ticket)  # room here, none in the whole workspace
    here.retry()
    assert not granted
    there.release("U0")
    here.retry()
    assert granted == ["U1"] and here.holds("U1")


def test_a_replica_keeps_only_the_slots_it_really_holds(url: str) -> None:
    (store,) = stores(url, 1)
    ledger = slots(store, "r1", limit=3)
    capacity = Capacity(3, ledger=ledger)
    assert capacity.try_acquire("U1")
    assert ledger.take("U-lost")  # an entry whose give-back never reached the database
    capacity.reconcile()
    assert ledger.held() == {"a": 1}


def test_a_learner_is_homed_on_the_engine_with_room_and_stays_there(url: str) -> None:
    opened = stores(url, 3)
    a1, a2, b1 = (
        SqlReplicas(store, replica=name, engine=name[0])
        for store, name in zip(opened, ("a1", "a2", "b1"), strict=True)
    )
    for replica in (a1, a2, b1):
        replica.beat(now=NOW)
    assert slots(opened[0], "a1", limit=9, engine="a").take("U-busy")
    home = a2.home("U1", now=NOW, within=ALIVE)
    assert home == "b1"  # engine b holds no demo yet
    assert a1.home("U1", now=NOW, within=ALIVE) == "b1"  # the same home from every replica


def replicas_on(url: str) -> tuple[SqlReplicas, SqlReplicas, SqlReplicas]:
    a1, a2, b1 = (
        SqlReplicas(store, replica=name, engine=name[0])
        for store, name in zip(stores(url, 3), ("a1", "a2", "b1"), strict=True)
    )
    for replica in (a1, a2, b1):
        replica.beat(now=NOW)
    return a1, a2, b1


def test_routed_commands_are_claimed_once_in_the_order_they_came(url: str) -> None:
    a1, a2, b1 = replicas_on(url)
    for n in range(30):
        sender = (a2, b1)[n % 2]
        sender.send(
            "a1", learner="U1", command={"verb": "top", "n": n}, origin_channel="C1", now=NOW
        )
    twin = SqlReplicas(stores(url, 1)[0], replica="a1", engine="a")  # two loops racing
    with ThreadPoolExecutor(2) as pool:
        batches = list(pool.map(lambda r: r.claim(limit=10), [a1, twin, a1, twin]))
    claimed = [routed.command["n"] for batch in batches for routed in batch]
    assert sorted(claimed) == list(range(30)) and len(claimed) == 30
    for batch in batches:
        numbers = [routed.command["n"] for routed in batch]
        assert numbers == sorted(numbers)
    assert b1.claim() == []


def test_a_gone_replicas_learners_and_commands_move_to_its_engines_live_replica(url: str) -> None:
    a1, a2, b1 = replicas_on(url)
    assert a1.home("U1", now=NOW, within=ALIVE) in {"a1", "a2", "b1"}
    homes = {user: b1.home(user, now=NOW, within=ALIVE) for user in ("U1", "U2", "U3")}
    on_a1 = [user for user, home in homes.items() if home == "a1"]
    assert on_a1, homes
    user = on_a1[0]
    b1.send("a1", learner=user, command={"verb": "run"}, origin_channel="C1", now=NOW)
    assert [r.command for r in a1.claim()] == [{"verb": "run"}]  # then a1 is killed
    b1.send("a1", learner=user, command={"verb": "top"}, origin_channel="C1", now=NOW)
    later = NOW + timedelta(seconds=10)
    for replica in (a2, b1):
        replica.beat(now=later)
    assert b1.take_over(now=later, within=ALIVE).gone == []  # a1's engine has a live replica
    taken = a2.take_over(now=later, within=ALIVE)  # which takes over, to remove its demos
    assert taken.gone == ["a1"] and taken.given_up == []
    assert a2.home(user, now=later, within=ALIVE) == "a2"  # the same engine: the demo lives on
    moved = a2.claim()
    assert [(r.command["verb"], r.tries) for r in moved] == [("run", 2), ("top", 1)]


def test_a_command_whose_replica_stopped_twice_is_given_up_so_the_learner_is_told(
    url: str,
) -> None:
    a1, a2, b1 = replicas_on(url)
    b1.send("a1", learner="U1", command={"verb": "run"}, origin_channel="C1", now=NOW)
    a1.claim()
    later = NOW + timedelta(seconds=10)
    for replica in (a2, b1):
        replica.beat(now=later)
    a2.take_over(now=later, within=ALIVE)
    (again,) = a2.claim()
    assert again.tries == RUNS_BEFORE_TELLING
    latest = later + timedelta(seconds=10)
    b1.beat(now=latest)
    taken = b1.take_over(now=latest, within=ALIVE)  # no replica serves engine a now
    assert taken.gone == ["a2"]
    assert [r.command for r in taken.given_up] == [{"verb": "run"}]
    assert b1.pending() == 0


def test_a_replica_that_left_cleanly_hands_its_learners_over_at_once(url: str) -> None:
    a1, a2, b1 = replicas_on(url)
    for user in ("U1", "U2", "U3", "U4"):
        b1.home(user, now=NOW, within=ALIVE)
    a1.leave()
    a2.take_over(now=NOW, within=ALIVE)
    assert {b1.home(u, now=NOW, within=ALIVE) for u in ("U1", "U2", "U3", "U4")} <= {"a2", "b1"}


def test_a_command_queued_on_postgresql_wakes_its_home_replica(url: str) -> None:
    if url.startswith("sqlite"):
        assert not listens(url)  # no notifications: its replicas look at the queue often
        return
    a1, _, b1 = replicas_on(url)

    async def scenario() -> list[str]:
        heard: list[str] = []
        woken = asyncio.Event()

        def on_payload(payload: str) -> None:
            heard.append(payload)
            woken.set()

        listener = asyncio.ensure_future(listen(url, on_payload))
        await asyncio.sleep(0.5)  # listening
        await asyncio.to_thread(
            b1.send, "a1", learner="U1", command={"verb": "top"}, origin_channel="C1", now=NOW
        )
        await asyncio.wait_for(woken.wait(), 10)
        listener.cancel()
        return heard

    assert asyncio.run(scenario()) == ["a1"]
    assert [r.command for r in a1.claim()] == [{"verb": "top"}]
