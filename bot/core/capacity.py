"""How many demos may live at once, and a fair queue for the learners who wait.

A queued learner holds a `Ticket`, not a thread: whoever frees a slot hands it to the
ticket at the head of the queue and tells every ticket behind it its new place, through
the callbacks the ticket was made with. An adapter with an event loop waits on those
callbacks; `acquire` (the console, the CLI) blocks on them instead.

With several replicas the cap is global: a `Ledger` (the shared database) must also agree
before a slot is granted, and `retry` (called on a timer) grants what other replicas freed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from bot.core.notes import Notify


class Ledger(Protocol):
    """The slots every replica shares: one entry per held slot, at most the cap in all."""

    def take(self, key: str) -> bool:
        """A slot for `key` (True when it holds one already); False when all are taken."""
        ...

    def give_back(self, key: str) -> None: ...

    def rename(self, old: str, new: str) -> None:
        """`old`'s slot is `new`'s now (a warm demo handed to a learner)."""
        ...

    def keep_only(self, keys: set[str]) -> None:
        """This replica holds exactly `keys`: entries it no longer holds go back."""
        ...


class Busy(Exception):
    """No slot came free in time; `position` is where the learner stood in the queue."""

    def __init__(self, position: int) -> None:
        super().__init__(f"busy: number {position} in the queue")
        self.position = position


def _ignore(_position: int) -> None:
    return None


def _nothing() -> None:
    return None


class Ticket:
    """A place in the queue: `on_move(position)` when it changes, `on_granted()` once."""

    def __init__(
        self,
        key: str,
        *,
        on_move: Callable[[int], None] = _ignore,
        on_granted: Callable[[], None] = _nothing,
    ) -> None:
        self.key = key
        self.on_move = on_move
        self.on_granted = on_granted
        self.granted = False
        self.position = 0


class Capacity:
    """A counting gate with a FIFO queue: one slot per live demo, at most `limit` at once."""

    def __init__(self, limit: int, *, ledger: Ledger | None = None) -> None:
        self.limit = limit
        self._ledger = ledger
        self._held: set[str] = set()
        self._queue: list[Ticket] = []
        self._lock = threading.Lock()

    @property
    def in_use(self) -> int:
        with self._lock:
            return len(self._held)

    @property
    def waiting(self) -> int:
        with self._lock:
            return len(self._queue)

    def holds(self, key: str) -> bool:
        with self._lock:
            return key in self._held

    def reserve(self, ticket: Ticket) -> bool:
        """Take a slot for `ticket.key` now (True), or queue the ticket (False).

        A queued ticket is told its position at once and whenever it moves, and is
        granted its slot by whoever frees one; it never needs a thread of its own.
        """
        with self._lock:
            if ticket.key in self._held or self._free_for(ticket.key):
                self._held.add(ticket.key)
                ticket.granted = True
                return True
            self._queue.append(ticket)
            ticket.position = len(self._queue)
        ticket.on_move(ticket.position)
        return False

    def cancel(self, ticket: Ticket) -> bool:
        """Leave the queue; False when the slot was granted first (the caller now holds it)."""
        with self._lock:
            if ticket.granted or ticket not in self._queue:
                return False
            self._queue.remove(ticket)
            moved = self._settle()
        _tell(moved)
        return True

    def try_acquire(self, key: str) -> bool:
        """Take a free slot now, never queueing and never ahead of a learner who waits."""
        with self._lock:
            if key in self._held:
                return True
            if not self._free_for(key):
                return False
            self._held.add(key)
            return True

    def transfer(self, old: str, new: str) -> None:
        """Hand `old`'s slot to `new` (a warm demo given to a learner) without letting go."""
        with self._lock:
            self._held.discard(old)
            self._held.add(new)  # `new` may hold one already (a replaced demo): one comes free
            if self._ledger is not None:
                self._ledger.rename(old, new)
            moved = self._settle()
        _tell(moved)

    @property
    def full(self) -> bool:
        with self._lock:
            return len(self._held) >= self.limit

    def _queued(
        self, position: int, notify: Notify, queued: str, on_queued: Callable[[], object]
    ) -> None:
        notify(queued, {"position": position, "limit": self.limit})
        on_queued()

    def release(self, key: str) -> None:
        with self._lock:
            if key not in self._held:
                return
            self._held.discard(key)
            if self._ledger is not None:
                self._ledger.give_back(key)
            moved = self._settle()
        _tell(moved)

    def retry(self) -> None:
        """Grant slots other replicas freed to those queued here (asks only when some are)."""
        if self._ledger is None:
            return
        with self._lock:
            moved = self._settle()
        _tell(moved)

    def reconcile(self) -> None:
        """Give back any ledger entry of this replica it no longer holds (a lost give-back)."""
        if self._ledger is None:
            return
        with self._lock:
            self._ledger.keep_only(set(self._held))

    def _free_for(self, key: str) -> bool:
        """A slot may be granted to `key` now, ahead of nobody (lock held)."""
        if len(self._held) >= self.limit or self._queue:
            return False
        return self._ledger is None or self._ledger.take(key)

    def acquire(self, key: str, *, wait: float, on_queued: Callable[[int], None] = _ignore) -> None:
        """Take a slot for `key`, queueing up to `wait` seconds; raise Busy when none came."""
        granted = threading.Event()
        ticket = Ticket(key, on_granted=granted.set)
        told: list[int] = []

        def first_place(position: int) -> None:
            if not told:
                told.append(position)
                on_queued(position)

        ticket.on_move = first_place
        if self.reserve(ticket) or granted.wait(wait) or not self.cancel(ticket):
            return
        raise Busy(ticket.position)

    def _settle(self) -> list[tuple[Ticket, int | None]]:
        """Grant free slots to the head of the queue; who was granted or moved (lock held)."""
        moved: list[tuple[Ticket, int | None]] = []
        while self._queue and len(self._held) < self.limit:
            if self._ledger is not None and not self._ledger.take(self._queue[0].key):
                break  # the global cap is full: another replica holds the rest
            head = self._queue.pop(0)
            self._held.add(head.key)
            head.granted = True
            moved.append((head, None))
        for index, ticket in enumerate(self._queue, start=1):
            if ticket.position != index:
                ticket.position = index
                moved.append((ticket, index))
        return moved

    @contextmanager
    def slot(
        self,
        key: str,
        *,
        wait: float,
        notify: Notify,
        queued: str,
        gave_up: Callable[[], Exception],
        on_queued: Callable[[], object] = lambda: None,
    ) -> Iterator[None]:
        """Take a slot for `key` or fail: the one way a feature asks for room.

        While queued, `notify(queued, {position, limit})` tells the learner where they
        stand and `on_queued()` may make room (a warm pool's spare); if no slot comes in
        time, `gave_up()` is raised. The slot is kept when the body succeeds (the demo lives
        on) and given back when it fails.
        """
        try:
            self.acquire(
                key,
                wait=wait,
                on_queued=lambda position: self._queued(position, notify, queued, on_queued),
            )
        except Busy:
            raise gave_up() from None
        try:
            yield
        except BaseException:
            self.release(key)
            raise


def _tell(moved: list[tuple[Ticket, int | None]]) -> None:
    """Callbacks run outside the lock: they may post to an event loop or take it again."""
    for ticket, position in moved:
        if position is None:
            ticket.on_granted()
        else:
            ticket.on_move(position)
