"""The reranker: which of the hybrid's best few entries answers."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.core.answer.ports import Hit
from bot.core.answer.rerank import FEATURES, WEIGHTS, Reranker, Signals
from bot.core.answer.service import Answerer
from bot.search.chinese import OpenccScripts
from bot.wiring import answerer_from, course_from


def signals(*, rank: int, asks: float, confidence: float = 0.6) -> Signals:
    return Signals(
        confidence=confidence,
        phrasing=0.3,
        bm25=0.3,
        meaning=0.7,
        own=0.3,
        own_meaning=0.7,
        section=False,
        verdict=False,
        rank=rank,
        paragraph=0.5,
        asks=asks,
    )


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    settings = Settings()
    return answerer_from(settings, course_from(settings))


def test_the_best_scoring_candidate_answers_at_the_first_ones_confidence() -> None:
    hits = [Hit(4, 0.61, 0.61), Hit(7, 0.58, 0.58), Hit(2, 0.5, 0.5)]
    found = Reranker().order(
        hits,
        [
            signals(rank=0, asks=0.55, confidence=0.61),
            signals(rank=1, asks=0.85, confidence=0.58),
            signals(rank=2, asks=0.5, confidence=0.5),
        ],
    )
    assert [h.passage for h in found] == [7, 4, 2]
    assert found[0].confidence == 0.61  # the bands still judge how sure the tutor is


def test_a_clear_first_stays_first_and_one_candidate_is_left_alone() -> None:
    hits = [Hit(4, 0.7, 0.7), Hit(7, 0.5, 0.5)]
    reranker = Reranker()
    order = reranker.order(
        hits, [signals(rank=0, asks=0.8, confidence=0.7), signals(rank=1, asks=0.6, confidence=0.5)]
    )
    assert order == hits
    assert reranker.order(hits, [signals(rank=0, asks=0.1)]) == hits


def test_the_weights_match_the_features() -> None:
    assert len(WEIGHTS) == len(FEATURES)
    with pytest.raises(ValueError, match="one weight per feature"):
        Reranker((1.0, 2.0))


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("wait, containers don't have their own kernel??", "faq-own-kernel"),
        (
            "Why does the main program show up with process ID 1 when viewed from inside the "
            "container?",
            "faq-why-pid-1",
        ),
    ],
)
def test_the_reranker_picks_the_entry_the_sum_of_confidences_placed_second(
    answerer: Answerer, question: str, entry: str
) -> None:
    text = answerer.correct(question)
    assert answerer.entries[answerer.candidates(text)[0].passage] != entry
    answer = answerer.answer(question)
    assert (answer.band, answer.entry) == ("answer", entry)


def test_without_the_meaning_retriever_nothing_is_reranked() -> None:
    settings = Settings()
    lexical = Answerer(course=course_from(settings), scripts=OpenccScripts())
    assert lexical.reranker is None
    hits = lexical.candidates("what is a hypervisor")
    assert hits and lexical.signals("what is a hypervisor", hits) == []
