"""Score question answering on the question sets in testkit/questions (a unit test and the bench).

A question names the entries that answer it (FAQ entry ids, or `lesson/section` for a
section's own text), or none when the tutor must decline. Top-1 accuracy counts an answer
as right only when the tutor answered (not "not sure", not declined) with one of them.
Questions whose entries are not in the lessons yet (content still being written) are set
aside and counted, not scored.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml

from bot.core.answer.replies import Answer

DATA = Path(__file__).resolve().parent / "questions"
DEV = DATA / "dev.yaml"
SPENT = 10
"""How many held-out sets have been scored and become development data (`dev-spent-N`)."""
SETS: dict[str, Path] = {
    "dev": DEV,
    "dev-earlier": DATA / "dev-earlier-holdout.yaml",
    "dev-learners": DATA / "dev-learners.yaml",
    **{f"dev-spent-{n}": DATA / f"dev-spent-{n}.yaml" for n in range(1, SPENT + 1)},
    "heldout": DATA / f"heldout-{SPENT + 1}.yaml",
}
"""Every set by name. `heldout` is written by someone who sees neither the method nor these
sets, is scored once, at the end, and is never used for choosing; the `dev-spent-*` sets were
held-out sets once, were scored, and are development data now."""
DEVELOPMENT = tuple(name for name in SETS if name != "heldout")
Script = Literal["en", "hans", "hant"]
KINDS = ("colloquial", "typo", "paraphrase", "mixed", "near-topic", "off-topic")
BANDS = ("answer", "unsure", "decline")


@dataclass(frozen=True)
class Question:
    text: str
    script: Script
    kind: str
    expect: tuple[str, ...]
    """Entries that answer it, best first; empty when the tutor must decline."""

    @property
    def lang(self) -> str:
        return "en" if self.script == "en" else "zh"

    @property
    def must_decline(self) -> bool:
        return not self.expect

    def right(self, answer: Answer) -> bool:
        if self.must_decline:
            return answer.band == "decline"
        return answer.band == "answer" and answer.entry in self.expect

    def offered(self, answer: Answer) -> bool:
        """The right entry was answered or among the "did you mean" choices."""
        if answer.band == "unsure":
            return any(choice.entry in self.expect for choice in answer.choices)
        return self.right(answer)


@dataclass
class Tally:
    right: int = 0
    asked: int = 0

    def add(self, right: bool) -> None:
        self.asked += 1
        self.right += right

    @property
    def rate(self) -> float:
        return self.right / self.asked if self.asked else 0.0

    def __str__(self) -> str:
        return f"{self.rate:.1%} ({self.right}/{self.asked})"


@dataclass
class Band:
    """One confidence band: how often its replies were right, and what share of the
    questions that belong in it (answerable ones for answer/unsure, must-decline ones for
    decline) it caught."""

    replies: int = 0
    correct: int = 0
    caught: int = 0
    owed: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.replies if self.replies else 0.0

    @property
    def recall(self) -> float:
        return self.caught / self.owed if self.owed else 0.0


@dataclass
class Report:
    """Top-1 accuracy per language, script and kind; declines; bands; latency."""

    by_lang: dict[str, Tally] = field(default_factory=dict)
    by_script: dict[str, Tally] = field(default_factory=dict)
    by_kind: dict[str, Tally] = field(default_factory=dict)
    offered: dict[str, Tally] = field(default_factory=dict)
    """Per language: the right entry answered or among the "did you mean" choices."""
    declines: Tally = field(default_factory=Tally)
    bands: dict[str, Band] = field(default_factory=lambda: {b: Band() for b in BANDS})
    seconds: list[float] = field(default_factory=list)
    misses: list[tuple[Question, Answer]] = field(default_factory=list)
    pending: list[Question] = field(default_factory=list)
    """Questions naming entries the lessons do not have yet: not scored."""

    def accuracy(self, lang: str) -> float:
        return self.by_lang.get(lang, Tally()).rate

    def offered_rate(self, lang: str) -> float:
        return self.offered.get(lang, Tally()).rate

    @property
    def decline_rate(self) -> float:
        return self.declines.rate if self.declines.asked else 1.0

    @property
    def answerable(self) -> Tally:
        total = Tally()
        for tally in self.by_lang.values():
            total.right += tally.right
            total.asked += tally.asked
        return total

    def p95_ms(self) -> float:
        ordered = sorted(self.seconds)
        return 1000 * ordered[max(0, -(-95 * len(ordered) // 100) - 1)] if ordered else 0.0

    def add(self, question: Question, answer: Answer, seconds: float) -> None:
        self.seconds.append(seconds)
        right = question.right(answer)
        if question.must_decline:
            self.declines.add(right)
        else:
            self.by_lang.setdefault(question.lang, Tally()).add(right)
            self.by_script.setdefault(question.script, Tally()).add(right)
            self.offered.setdefault(question.lang, Tally()).add(question.offered(answer))
        self.by_kind.setdefault(question.kind, Tally()).add(right)
        band = self.bands[answer.band]
        band.replies += 1
        if answer.band == "decline":
            band.correct += question.must_decline
        else:
            band.correct += (not question.must_decline) and question.offered(answer)
        owed = ("decline",) if question.must_decline else ("answer", "unsure")
        for name in owed:
            self.bands[name].owed += 1
        if question.must_decline:
            self.bands["decline"].caught += right
        elif answer.band != "decline" and question.offered(answer):
            self.bands[answer.band].caught += 1
        if not right:
            self.misses.append((question, answer))


def load(path: Path = DEV) -> list[Question]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    questions = []
    for item in raw:
        if item["kind"] not in KINDS or item["script"] not in ("en", "hans", "hant"):
            raise ValueError(f"{path.name}: bad kind or script in {item}")
        expect = tuple(str(entry) for entry in item.get("expect") or ())
        questions.append(Question(str(item["q"]), item["script"], item["kind"], expect))
    return questions


class MissingSet(LookupError):
    """A named set whose file is not there (the held-out set until its author adds it)."""


def load_sets(names: Iterable[str]) -> dict[str, list[Question]]:
    for name in names:
        if not SETS[name].is_file():
            raise MissingSet(_missing(name))
    return {name: load(SETS[name]) for name in names}


def _missing(name: str) -> str:
    path, root = SETS[name], DATA.parent.parent
    where = path.relative_to(root) if path.is_relative_to(root) else path
    if name == "heldout":
        return (
            f"the held-out set {where} is not there yet: it is written by someone who sees "
            "neither the method nor the development sets, and added when it is done"
        )
    return f"question set {name!r}: {where} is missing"


def score(
    answer: Callable[[str], Answer],
    questions: list[Question],
    *,
    known: Collection[str] | None = None,
) -> Report:
    """Ask every question; with `known` (the lessons' entries) set aside the pending ones."""
    report = Report()
    for question in questions:
        if known is not None and question.expect and not set(question.expect) & set(known):
            report.pending.append(question)
            continue
        start = time.perf_counter()
        got = answer(question.text)
        report.add(question, got, time.perf_counter() - start)
    return report
