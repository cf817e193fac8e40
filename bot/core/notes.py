"""Progress notes: what a long command says while it works ("Creating the container…").

One callback type for every feature. A note is a message-catalogue key and its parameters,
so each adapter words it in the learner's language. "Progress" in the quiz sense (what a
learner has mastered) is a different thing and lives in `bot.core.quiz`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Notify = Callable[[str, dict[str, Any]], None]


def silent(_key: str, _params: dict[str, Any]) -> None:
    """The callback for callers that show no progress notes."""
