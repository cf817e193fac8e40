"""Which of the best few entries answers: a linear score over what each retriever says of it.

The hybrid sums the retrievers' confidences with fixed weights, so an entry near the top of
one and far down another can win over one that all of them place second. The reranker looks
at the best `DEPTH` entries and scores each by a weighted sum of its signals (`FEATURES`): the
hybrid's confidence, each retriever's own, how closely the question is one of the entry's
own phrasings (by words and by meaning), whether it is a section or a Yes/No entry, and its
place in the list. The entry with the highest score answers, at the confidence of the first
(the bands still judge how sure the tutor is; the reranker only says which entry).

The weights are fitted on the development question sets by `python -m bench.qa_rerank`
(a softmax over each question's candidates, the right entries as targets), which also checks
them leaving each set out in turn; never on the held-out set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.answer.ports import Hit

FEATURES = (
    "confidence",
    "phrasing",
    "bm25",
    "meaning",
    "own",
    "own_meaning",
    "section",
    "verdict",
    "first",
    "rank",
    "paragraph",
    "asks",
)
"""Per candidate: the hybrid's confidence; the phrasing, BM25 and meaning retrievers'
confidences; the closest own phrasing by words and by meaning; 1 for a section; 1 for a Yes/No
entry; 1 for the hybrid's first; its place (0, 1, …); the closest paragraph by meaning; the
mean of its three closest own phrasings by meaning."""

WEIGHTS = (
    0.785,  # confidence
    -1.566,  # phrasing
    1.418,  # bm25
    1.885,  # meaning
    1.378,  # own
    1.519,  # own_meaning
    0.82,  # section
    0.0,  # verdict
    0.741,  # first
    -0.393,  # rank
    3.631,  # paragraph
    6.923,  # asks
)
"""Fitted by `python -m bench.qa_rerank` on the thirteen development sets (bench/README.md)."""

DEPTH = 6
"""How many of the hybrid's best entries the reranker weighs."""


@dataclass(frozen=True)
class Signals:
    """What the retrievers say of one candidate entry, in `FEATURES` order."""

    confidence: float
    phrasing: float
    bm25: float
    meaning: float
    own: float
    own_meaning: float
    section: bool
    verdict: bool
    rank: int
    paragraph: float
    asks: float

    def row(self) -> tuple[float, ...]:
        return (
            self.confidence,
            self.phrasing,
            self.bm25,
            self.meaning,
            self.own,
            self.own_meaning,
            float(self.section),
            float(self.verdict),
            float(self.rank == 0),
            float(self.rank),
            self.paragraph,
            self.asks,
        )


class Reranker:
    def __init__(self, weights: Sequence[float] = WEIGHTS, *, depth: int = DEPTH) -> None:
        if len(weights) != len(FEATURES):
            raise ValueError(f"one weight per feature: {len(FEATURES)}, got {len(weights)}")
        self.weights = tuple(weights)
        self.depth = depth

    def score(self, signals: Signals) -> float:
        return sum(w * x for w, x in zip(self.weights, signals.row(), strict=True))

    def order(self, hits: list[Hit], signals: Sequence[Signals]) -> list[Hit]:
        """The hits with the best-scoring candidate first, at the first hit's confidence;
        `signals` describe `hits[: len(signals)]`."""
        if len(signals) < 2:
            return hits
        scores = [self.score(s) for s in signals]
        best = max(range(len(scores)), key=lambda i: (scores[i], -i))
        if best == 0:
            return hits
        chosen = hits[best]
        lifted = Hit(chosen.passage, hits[0].score, hits[0].confidence)
        return [lifted, *(h for h in hits if h is not chosen)]
