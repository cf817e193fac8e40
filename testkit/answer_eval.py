"""Score question answering on the eval sets in tests/data (used by a unit test and the bench)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from bot.core.answer.replies import Answer

DATA = Path(__file__).resolve().parent / "questions"
EVAL = DATA / "dev.yaml"
HOLDOUT = DATA / "dev-earlier-holdout.yaml"
Script = Literal["en", "hans", "hant"]


@dataclass(frozen=True)
class Question:
    text: str
    script: Script
    expect: str | None
    """`lesson/section`, or None when the tutor must decline."""
    also: tuple[str, ...] = ()

    @property
    def lang(self) -> str:
        return "en" if self.script == "en" else "zh"

    def right(self, answer: Answer) -> bool:
        got = f"{answer.lesson}/{answer.section}" if not answer.declined else None
        if self.expect is None:
            return got is None
        return got in (self.expect, *self.also)


@dataclass
class Report:
    """Top-1 accuracy per language on answerable questions, declines on off-topic ones."""

    right: dict[str, int] = field(default_factory=lambda: {"en": 0, "zh": 0})
    asked: dict[str, int] = field(default_factory=lambda: {"en": 0, "zh": 0})
    declined: int = 0
    off_topic: int = 0
    seconds: list[float] = field(default_factory=list)
    misses: list[tuple[Question, Answer]] = field(default_factory=list)

    def accuracy(self, lang: str) -> float:
        return self.right[lang] / self.asked[lang] if self.asked[lang] else 0.0

    @property
    def decline_rate(self) -> float:
        return self.declined / self.off_topic if self.off_topic else 1.0

    def p95_ms(self) -> float:
        ordered = sorted(self.seconds)
        return 1000 * ordered[max(0, -(-95 * len(ordered) // 100) - 1)] if ordered else 0.0


def load(path: Path = EVAL) -> list[Question]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return [
        Question(
            text=str(item["q"]),
            script=item["script"],
            expect=item["expect"],
            also=tuple(item.get("also", ())),
        )
        for item in raw
    ]


def score(answer: Callable[[str], Answer], questions: list[Question]) -> Report:
    report = Report()
    for question in questions:
        start = time.perf_counter()
        got = answer(question.text)
        report.seconds.append(time.perf_counter() - start)
        if question.expect is None:
            report.off_topic += 1
            report.declined += got.declined
        else:
            report.asked[question.lang] += 1
            report.right[question.lang] += question.right(got)
        if not question.right(got):
            report.misses.append((question, got))
    return report
