"""The reranker's fit learns which signal tells the right entry, and counts what it picks."""

from __future__ import annotations

import numpy as np

from bench.qa_rerank import Candidates, first_right, fit, joined
from bot.core.answer.rerank import FEATURES


def candidates(questions: int, *, seed: int) -> Candidates:
    """The right entry is never first by confidence, but always has the highest `asks`."""
    rng = np.random.default_rng(seed)
    depth = 4
    x = rng.uniform(0.3, 0.6, size=(questions, depth, len(FEATURES)))
    right = np.zeros((questions, depth))
    for row in range(questions):
        place = int(rng.integers(1, depth))
        right[row, place] = 1.0
        x[row, :, FEATURES.index("confidence")] = np.linspace(0.7, 0.5, depth)
        x[row, place, FEATURES.index("asks")] = 0.95
    return Candidates(x, np.ones((questions, depth), dtype=bool), right)


def test_the_fit_learns_the_signal_that_tells_and_picks_the_right_entry() -> None:
    train = joined([candidates(60, seed=1), candidates(60, seed=2)])
    weights = fit(train, l2=0.0001, steps=600)
    asks = weights[FEATURES.index("asks")]
    assert asks > max(abs(w) for i, w in enumerate(weights) if FEATURES[i] != "asks")
    held = candidates(50, seed=3)
    assert first_right(held, None) == 0  # by confidence alone the first is always wrong
    assert first_right(held, weights) == 50


def test_questions_whose_right_entry_is_not_a_candidate_teach_nothing() -> None:
    data = candidates(20, seed=4)
    data.right[:] = 0.0
    weights = fit(data, l2=0.0, steps=10)
    assert weights[FEATURES.index("confidence")] == 5.0  # where it starts
