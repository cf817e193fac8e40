"""Fit the reranker's weights (bot/core/answer/rerank.py) on the development question sets.

For every answerable question of the development sets, the shipped answerer (without the
reranker) gives its best `DEPTH` entries and what each retriever says of them (`Signals`).
A linear score over those signals is fitted so that a softmax over each question's
candidates puts its weight on the right entries (Adam, a little L2). Questions whose right
entry is not among the candidates teach nothing and are left out of the fit.

Printed: per development set, with that set left out of the fit, how often the first entry
is right before and after reranking, and the tutor's answers end to end (top-1 right,
declines); then the weights fitted on every development set, to paste into rerank.py.
The held-out set is never read.

    .venv/bin/python -m bench.qa_rerank
    .venv/bin/python -m bench.qa_rerank --l2 0.001 --depth 8
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import numpy as np

from bench.qa import lexical
from bot.core.answer.rerank import DEPTH, FEATURES, Reranker
from bot.core.answer.service import Answerer
from bot.core.answer.text import Options
from testkit.answer_eval import DEVELOPMENT, SETS, load, score


@dataclass
class Candidates:
    """One set's answerable questions: signals (questions × depth × features), which rows
    are real candidates, and which are right."""

    x: np.ndarray
    real: np.ndarray
    right: np.ndarray


def candidates(answerer: Answerer, name: str, depth: int) -> Candidates:
    rows, real, right = [], [], []
    for question in load(SETS[name]):
        if question.must_decline:
            continue
        text = answerer.correct(question.text) if answerer.spelling else question.text
        hits = answerer.candidates(text)[:depth]
        signals = answerer.signals(text, hits, depth=depth)
        x = np.zeros((depth, len(FEATURES)))
        for place, signal in enumerate(signals):
            x[place] = signal.row()
        rows.append(x)
        real.append([place < len(signals) for place in range(depth)])
        right.append(
            [
                place < len(hits) and answerer.entries[hits[place].passage] in question.expect
                for place in range(depth)
            ]
        )
    return Candidates(np.array(rows), np.array(real), np.array(right, dtype=float))


def joined(parts: list[Candidates]) -> Candidates:
    return Candidates(
        np.concatenate([p.x for p in parts]),
        np.concatenate([p.real for p in parts]),
        np.concatenate([p.right for p in parts]),
    )


def fit(data: Candidates, *, l2: float, steps: int = 1500, rate: float = 0.05) -> np.ndarray:
    """Weights maximising the softmax likelihood of the right candidates (Adam)."""
    useful = data.right.sum(axis=1) > 0
    x, real, right = data.x[useful], data.real[useful], data.right[useful]
    target = right / right.sum(axis=1, keepdims=True)
    weights = np.zeros(x.shape[2])
    weights[FEATURES.index("confidence")] = 5.0
    if not len(x):
        return weights
    first = np.zeros_like(weights)
    second = np.zeros_like(weights)
    for step in range(1, steps + 1):
        scores = np.where(real, x @ weights, -1e9)
        scores -= scores.max(axis=1, keepdims=True)
        p = np.exp(scores) * real
        p /= p.sum(axis=1, keepdims=True)
        gradient = np.einsum("nk,nkd->d", p - target, x) / len(x) + l2 * weights
        first = 0.9 * first + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        weights -= rate * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return weights


def first_right(data: Candidates, weights: np.ndarray | None) -> int:
    if weights is None:
        return int(data.right[:, 0].sum())
    picked = np.where(data.real, data.x @ weights, -1e9).argmax(axis=1)
    return int(data.right[np.arange(len(picked)), picked].sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--l2", type=float, default=0.0001)
    parser.add_argument("--depth", type=int, default=DEPTH)
    args = parser.parse_args()
    answerer = lexical("hybrid", Options())()
    answerer.reranker = None
    sets = {name: candidates(answerer, name, args.depth) for name in DEVELOPMENT}
    head = "set (left out of the fit)  first right: before → after   answered right: before → after"
    print(head)
    totals = np.zeros(4, dtype=int)
    for name in DEVELOPMENT:
        weights = fit(joined([sets[n] for n in DEVELOPMENT if n != name]), l2=args.l2)
        questions = load(SETS[name])
        answerer.reranker = None
        before = score(answerer.answer, questions)
        answerer.reranker = Reranker(tuple(weights.tolist()), depth=args.depth)
        after = score(answerer.answer, questions)
        right_before = sum(t.right for t in before.by_lang.values()) + before.declines.right
        right_after = sum(t.right for t in after.by_lang.values()) + after.declines.right
        row = np.array(
            [
                first_right(sets[name], None),
                first_right(sets[name], weights),
                right_before,
                right_after,
            ]
        )
        totals += row
        print(
            f"{name:26s} {row[0]:4d} → {row[1]:4d} of {len(sets[name].x):4d}"
            f"   {row[2]:4d} → {row[3]:4d} of {len(questions):4d}"
            f"   en {before.by_lang['en'].rate:.1%} → {after.by_lang['en'].rate:.1%}"
            f"   zh {before.by_lang['zh'].rate:.1%} → {after.by_lang['zh'].rate:.1%}"
        )
    first, answered = f"{totals[0]:4d} → {totals[1]:4d}", f"{totals[2]:4d} → {totals[3]:4d}"
    print(f"{'all, each left out':26s} {first}   {answered}")
    weights = fit(joined(list(sets.values())), l2=args.l2)
    print("weights fitted on every development set:")
    for feature, weight in zip(FEATURES, weights.tolist(), strict=True):
        print(f"    {weight:.3f},  # {feature}")


if __name__ == "__main__":
    main()
