"""How many demos may live at once, and a fair queue for the learners who wait."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from bot.core.notes import Notify


class Busy(Exception):
    """No slot came free in time; `position` is where the learner stood in the queue."""

    def __init__(self, position: int) -> None:
        super().__init__(f"busy: number {position} in the queue")
        self.position = position


class Capacity:
    """A counting gate with a FIFO queue: one slot per live demo, at most `limit` at once."""

    def __init__(self, limit: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self._clock = clock
        self._held: set[str] = set()
        self._queue: list[object] = []
        self._cond = threading.Condition()

    @property
    def in_use(self) -> int:
        with self._cond:
            return len(self._held)

    def holds(self, key: str) -> bool:
        with self._cond:
            return key in self._held

    def acquire(
        self, key: str, *, wait: float, on_queued: Callable[[int], None] = lambda _position: None
    ) -> None:
        """Take a slot for `key`, queueing up to `wait` seconds; raise Busy when none came."""
        ticket = object()
        with self._cond:
            if key in self._held:
                return
            if len(self._held) < self.limit and not self._queue:
                self._held.add(key)
                return
            self._queue.append(ticket)
            position = len(self._queue)
        on_queued(position)
        deadline = self._clock() + wait
        with self._cond:
            try:
                while not (self._queue[0] is ticket and len(self._held) < self.limit):
                    remaining = deadline - self._clock()
                    if remaining <= 0:
                        raise Busy(self._queue.index(ticket) + 1)
                    self._cond.wait(remaining)
                self._held.add(key)
            finally:
                self._queue.remove(ticket)
                self._cond.notify_all()

    def try_acquire(self, key: str) -> bool:
        """Take a free slot now, never queueing and never ahead of a learner who waits."""
        with self._cond:
            if key in self._held:
                return True
            if len(self._held) >= self.limit or self._queue:
                return False
            self._held.add(key)
            return True

    def transfer(self, old: str, new: str) -> None:
        """Hand `old`'s slot to `new` (a warm demo given to a learner) without letting go."""
        with self._cond:
            self._held.discard(old)
            self._held.add(new)
            self._cond.notify_all()

    @property
    def waiting(self) -> int:
        """Learners in the queue right now."""
        with self._cond:
            return len(self._queue)

    @property
    def full(self) -> bool:
        with self._cond:
            return len(self._held) >= self.limit

    def _queued(
        self, position: int, notify: Notify, queued: str, on_queued: Callable[[], object]
    ) -> None:
        notify(queued, {"position": position, "limit": self.limit})
        on_queued()

    def release(self, key: str) -> None:
        with self._cond:
            self._held.discard(key)
            self._cond.notify_all()

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
