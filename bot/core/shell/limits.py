"""The limits on learner commands that the core enforces before the engine is asked.

The engine-side limits (10 s, 64 KB) are enforced by the `Shell` adapter; these are the
per-learner ones: input length, one command at a time, and a rate per minute.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class ShellLimits:
    timeout_seconds: float = 10.0
    max_output: int = 64 * 1024
    max_input: int = 500
    per_minute: int = 20


class Refused(Exception):
    """A limit was hit; `key` and `params` select the learner's message."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class Gate:
    """One command at a time per learner, and at most `per_minute` started in any minute."""

    def __init__(self, *, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._per_minute = per_minute
        self._clock = clock
        self._guard = threading.Lock()
        self._running: set[str] = set()
        self._started: dict[str, deque[float]] = {}

    @contextmanager
    def enter(self, owner: str) -> Iterator[None]:
        self._admit(owner)
        try:
            yield
        finally:
            with self._guard:
                self._running.discard(owner)

    def _admit(self, owner: str) -> None:
        now = self._clock()
        with self._guard:
            if owner in self._running:
                raise Refused("sh_busy")
            started = self._started.setdefault(owner, deque())
            while started and now - started[0] >= 60:
                started.popleft()
            if len(started) >= self._per_minute:
                wait = int(60 - (now - started[0])) + 1
                raise Refused("sh_rate", limit=self._per_minute, wait=wait)
            started.append(now)
            self._running.add(owner)
