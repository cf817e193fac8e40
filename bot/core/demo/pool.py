"""A warm pool: demo containers created, policy-checked and started before anyone asks.

Creating and starting a container is most of a demo's wait. The pool keeps `size` running
containers per kind (a demo id, or the VM), each holding a slot of the global cap, hands one
to a learner at once (the slot goes with it) and refills in the background, one container
at a time so the learners' own work keeps the CPU. A container that waited longer than
`max_age` is replaced. The pool never takes a slot a queued learner waits for, and gives an
idle container back when a learner needs its slot (`evict_one`).

Ownership: the engine's labels cannot change, so a pooled container is created with the
owner `POOL_OWNER`; who it was handed to is kept by the service that holds it. Every
cleanup path (expiry, orphans, shutdown) keys on the creator and expiry labels, which a
pooled container carries like any other.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.core.capacity import Capacity
from bot.core.demo.models import ContainerRef

POOL_OWNER = "(warm pool)"
"""The owner label of a container made ahead of time; never a learner id."""
RETRY_SECONDS = 5.0
"""After a failed start (engine down, image missing) the pool waits this long to try again."""
IDLE_WAKE_SECONDS = 1.0

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Warm(Generic[T]):
    """One ready container, what was read from it while warming, and when it became ready."""

    kind: str
    ref: ContainerRef
    extra: T
    ready_at: float
    slot: str


Make = Callable[[str], tuple[ContainerRef, T]]
"""Start one container of a kind (owner POOL_OWNER) and read what the pool keeps with it."""


class WarmPool(Generic[T]):
    """Up to `size` ready containers per kind, each holding a slot of `capacity`."""

    def __init__(
        self,
        *,
        kinds: Sequence[str],
        size: int,
        max_age: float,
        capacity: Capacity,
        make: Make[T],
        alive: Callable[[str], ContainerRef | None],
        remove: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
        name: str = "warm-pool",
    ) -> None:
        self.size = size
        self.max_age = max_age
        self._kinds = tuple(kinds)
        self._capacity = capacity
        self._make = make
        self._alive = alive
        self._remove = remove
        self._clock = clock
        self._name = name
        self._ready: dict[str, list[Warm[T]]] = {kind: [] for kind in self._kinds}
        self._making: dict[str, int] = dict.fromkeys(self._kinds, 0)
        self._slots = itertools.count(1)
        self._cond = threading.Condition()
        self._closed = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Fill in the background until `close`; nothing happens when `size` is 0."""
        if self.size <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._fill_forever, name=self._name, daemon=True)
        self._thread.start()

    def take(self, kind: str, owner: str) -> Warm[T] | None:
        """The oldest fresh ready container of `kind`, its slot now `owner`'s; None if none."""
        while True:
            with self._cond:
                queue = self._ready.get(kind) or []
                if not queue:
                    return None
                warm = queue.pop(0)
                self._cond.notify_all()
            ref = self._fresh(warm)
            if ref is not None:
                self._capacity.transfer(warm.slot, owner)
                return Warm(kind, ref, warm.extra, warm.ready_at, warm.slot)
            self._discard(warm)

    def evict_one(self) -> bool:
        """Give back the slot of one idle container (the fullest kind's oldest), for a learner."""
        with self._cond:
            queues = [queue for queue in self._ready.values() if queue]
            if not queues:
                return False
            warm = max(queues, key=len).pop(0)
        self._discard(warm)
        return True

    def forget(self, container_ids: Iterable[str]) -> None:
        """Drop containers someone else removed (the reaper) and free their slots."""
        gone = set(container_ids)
        with self._cond:
            dropped = [w for q in self._ready.values() for w in q if w.ref.id in gone]
            for kind, queue in self._ready.items():
                self._ready[kind] = [w for w in queue if w.ref.id not in gone]
            self._cond.notify_all()
        for warm in dropped:
            self._capacity.release(warm.slot)

    @property
    def kinds(self) -> tuple[str, ...]:
        return self._kinds

    def ready(self, kind: str | None = None) -> int:
        with self._cond:
            kinds = self._kinds if kind is None else (kind,)
            return sum(len(self._ready.get(k) or []) for k in kinds)

    def ids(self) -> list[str]:
        with self._cond:
            return [warm.ref.id for queue in self._ready.values() for warm in queue]

    def ids_of(self, kind: str) -> list[str]:
        with self._cond:
            return [warm.ref.id for warm in self._ready.get(kind) or []]

    def close(self, *, timeout: float = 60.0) -> None:
        """Stop filling, wait for a start in progress, remove every idle container."""
        self._closed.set()
        with self._cond:
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
        with self._cond:
            idle = [warm for queue in self._ready.values() for warm in queue]
            for queue in self._ready.values():
                queue.clear()
        for warm in idle:
            self._discard(warm)

    def wait_ready(self, kind: str, count: int, *, timeout: float) -> bool:
        """Block until `count` containers of `kind` are ready (tests, benches, start-up)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._ready.get(kind) or []) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def _fresh(self, warm: Warm[T]) -> ContainerRef | None:
        if self._clock() - warm.ready_at > self.max_age:
            return None
        ref = self._alive(warm.ref.id)
        return ref if ref is not None and ref.state == "running" else None

    def _discard(self, warm: Warm[T]) -> None:
        try:
            self._remove(warm.ref.id)
        except Exception:  # the reaper or the orphan sweep removes it later
            log.warning("removing pooled container %s failed", warm.ref.name, exc_info=True)
        finally:
            self._capacity.release(warm.slot)

    def _fill_forever(self) -> None:
        while not self._closed.is_set():
            self._retire_stale()
            if self._capacity.waiting:
                self.evict_one()  # a learner waits for a slot: a spare container gives way
            kind = self._wanted()
            if kind is None:
                with self._cond:
                    self._cond.wait(self._next_wake())
                continue
            if not self._fill_one(kind):
                self._closed.wait(RETRY_SECONDS)

    def _wanted(self) -> str | None:
        """The kind furthest below `size`, or None when every kind is full."""
        with self._cond:
            short = {
                kind: self.size - len(self._ready[kind]) - self._making[kind]
                for kind in self._kinds
            }
        kind, missing = max(short.items(), key=lambda item: item[1], default=("", 0))
        return kind if missing > 0 else None

    def _fill_one(self, kind: str) -> bool:
        """Start one container of `kind` if a slot is free; False only when starting failed."""
        slot = f"{POOL_OWNER}:{next(self._slots)}"
        if not self._capacity.try_acquire(slot):
            with self._cond:
                self._cond.wait(IDLE_WAKE_SECONDS)
            return True
        with self._cond:
            self._making[kind] += 1
        try:
            ref, extra = self._make(kind)
        except Exception:
            self._capacity.release(slot)
            log.warning("the warm pool could not start a %s demo", kind, exc_info=True)
            return False
        finally:
            with self._cond:
                self._making[kind] -= 1
        warm = Warm(kind, ref, extra, self._clock(), slot)
        if self._closed.is_set() or self._capacity.waiting:
            self._discard(warm)
            return True
        with self._cond:
            self._ready[kind].append(warm)
            self._cond.notify_all()
        return True

    def _retire_stale(self) -> None:
        now = self._clock()
        with self._cond:
            stale = [w for q in self._ready.values() for w in q if now - w.ready_at > self.max_age]
            for kind, queue in self._ready.items():
                self._ready[kind] = [w for w in queue if w not in stale]
        for warm in stale:
            self._discard(warm)

    def _next_wake(self) -> float:
        """Until the oldest ready container goes stale, at most IDLE_WAKE_SECONDS."""
        with self._cond:
            born = [warm.ready_at for queue in self._ready.values() for warm in queue]
        if not born:
            return IDLE_WAKE_SECONDS
        return min(max(min(born) + self.max_age - self._clock(), 0.05), IDLE_WAKE_SECONDS)
