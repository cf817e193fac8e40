"""The question log: learners hashed, the same question grouped, the closest entry named."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.answer.asked import Asked, QuestionLog, learner_hash, report


class MemoryLog:
    def __init__(self) -> None:
        self.rows: list[Asked] = []

    def add(self, asked: Asked) -> None:
        self.rows.append(asked)

    def all(self) -> list[Asked]:
        return list(self.rows)


def test_learners_are_kept_hashed_and_questions_grouped_most_asked_first() -> None:
    memory = MemoryLog()
    log = QuestionLog(log=memory, now=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    log.record("U1", "How do I write a Dockerfile?", "declined", None)
    log.record("U2", "how do i write a   dockerfile", "declined", None)
    log.record("U2", "how do I write a Dockerfile？", "declined", None)
    log.record("U1", "what is docker pause", "not_helpful", "faq-stop-takes-10s")
    log.record(
        "U3", "is a container a process", "chose", "containers-and-vms/container-is-a-process"
    )
    log.record("U3", "what is a cgroup", "helpful", "faq-what-is-cgroup")
    assert {row.learner for row in memory.rows} == {learner_hash(u) for u in ("U1", "U2", "U3")}
    assert all("U1" not in row.learner for row in memory.rows)
    rows = log.report()
    assert [(r.question, r.count, r.learners) for r in rows] == [
        ("How do I write a Dockerfile?", 3, 2),
        ("is a container a process", 1, 1),
        ("what is docker pause", 1, 1),
    ]
    assert rows[2].closest == "faq-stop-takes-10s" and rows[2].outcomes == {"not_helpful": 1}


def test_a_question_only_ever_found_helpful_is_not_reported() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    assert report([Asked("h", "what is a cgroup", "helpful", "faq-what-is-cgroup", at)]) == []
