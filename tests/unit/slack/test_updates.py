"""Edits of one message: merged to one a second, superseded ones dropped, the final one last."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from slack_sdk.errors import SlackApiError

from bot.slack.updates import Updates


def edits(script: list[tuple[float, str]], *, gap: float = 0.2) -> list[tuple[str, str, float]]:
    """Play (delay, text) pushes ending with a final one; return (kind, text, seconds) sent."""
    sent: list[tuple[str, str, float]] = []

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        start = loop.time()

        async def progress(payload: dict[str, Any]) -> None:
            sent.append(("progress", payload["text"], loop.time() - start))

        async def final(payload: dict[str, Any]) -> None:
            sent.append(("final", payload["text"], loop.time() - start))

        updates = Updates(loop, progress=progress, final=final, shown={"text": "posted"}, gap=gap)
        *steps, (last_delay, last) = script
        for delay, text in steps:
            await asyncio.sleep(delay)
            updates.show({"text": text})
        await asyncio.sleep(last_delay)
        await updates.final({"text": last})

    asyncio.run(scenario())
    return sent


def test_edits_close_together_are_merged_into_the_newest() -> None:
    sent = edits([(0, "a"), (0.01, "b"), (0.01, "c"), (0.5, "done")])
    assert [(kind, text) for kind, text, _ in sent] == [
        ("progress", "a"),
        ("progress", "c"),
        ("final", "done"),
    ]
    assert sent[1][2] - sent[0][2] >= 0.19  # never two edits of one message within the gap


def test_the_final_edit_drops_a_pending_progress_edit() -> None:
    sent = edits([(0, "a"), (0.01, "b"), (0.01, "done")])
    assert [(kind, text) for kind, text, _ in sent] == [("progress", "a"), ("final", "done")]
    assert sent[1][2] >= 0.19


def test_an_edit_to_what_is_already_shown_is_not_sent() -> None:
    sent = edits([(0, "posted"), (0.01, "done")])
    assert [(kind, text) for kind, text, _ in sent] == [("final", "done")]


class RateLimited:
    """What a 429 answer looks like to `retry_after`."""

    status_code = 429
    headers: ClassVar[dict[str, str]] = {"Retry-After": "1"}

    def get(self, key: str, default: object = None) -> object:
        return "ratelimited" if key == "error" else default


def test_a_429_pauses_the_messages_edits_for_as_long_as_slack_asked() -> None:
    sent: list[tuple[str, float]] = []

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        start = loop.time()
        refused = [True]

        async def progress(payload: dict[str, Any]) -> None:
            if refused.pop() if refused else False:
                raise SlackApiError("ratelimited", RateLimited())  # type: ignore[arg-type]
            sent.append((payload["text"], loop.time() - start))

        async def final(payload: dict[str, Any]) -> None:
            sent.append((payload["text"], loop.time() - start))

        updates = Updates(loop, progress=progress, final=final, gap=0.1)
        updates.show({"text": "a"})
        await asyncio.sleep(0.05)
        updates.show({"text": "b"})
        await updates.final({"text": "done"})

    asyncio.run(scenario())
    assert [text for text, _ in sent] == ["done"]  # "b" was pending when the final came
    assert sent[0][1] >= 1.0  # not before Retry-After ran out
