"""The meaning model and the reading tables come from their wheels, offline, and behave."""

from __future__ import annotations

import sys

import pytest

from bot.core.answer.ports import Passage
from bot.search.meaning import MeaningRetriever, Meanings
from bot.search.pinyin import PinyinSounds, toneless


@pytest.fixture(scope="module")
def meanings() -> Meanings:
    return Meanings()


def test_the_model_loads_from_the_installed_wheel_without_its_downloading_loader(
    meanings: Meanings,
) -> None:
    assert "wordllama" not in sys.modules  # its loader would try the network first
    vectors = meanings.embed(["a container is a process", ""])
    assert vectors.shape == (2, 256)
    assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-4


def test_a_paraphrase_is_nearer_than_another_topic(meanings: Meanings) -> None:
    question = meanings.embed(["ok so why does my container die the second i start it"])[0]
    same, other = meanings.embed(
        ["why does my container exit immediately", "what is a type 1 hypervisor"]
    )
    assert float(question @ same) > float(question @ other) + 0.2


def test_the_retriever_ranks_passages_by_their_best_phrasing_or_paragraph(
    meanings: Meanings,
) -> None:
    passages = [
        Passage("l", "a", "faq-exit", ("why does my container exit immediately",), ("Main ends.",)),
        Passage("l", "b", "faq-hv", ("what is a hypervisor",), ("It shares hardware.",)),
    ]
    retriever = MeaningRetriever(passages, meanings=meanings, fold=str.casefold)
    hits = retriever.rank("my container just quits right after i start it??", limit=5)
    assert [hit.passage for hit in hits] == [0, 1]
    assert 0.0 <= hits[1].confidence < hits[0].confidence <= 1.0
    own = retriever.own_match("my container just quits right after i start it??", 0)
    assert own > retriever.own_match("my container just quits right after i start it??", 1)
    assert own < 1.0  # phrasings only: "Main ends." is not one of them


def test_homophones_share_a_reading_and_real_words_are_known() -> None:
    sounds = PinyinSounds()
    assert sounds.reading("内核") == sounds.reading("内和") == "nei he"
    assert sounds.reading("命名空間") == sounds.reading("命名空見")
    assert sounds.is_word("北京") and sounds.is_word("银行")
    assert not sounds.is_word("内和")
    assert "pypinyin" not in sys.modules  # read from its JSON tables, not its 50 MB loader
    assert toneless("lǜ") == "lu" and toneless("zhōng") == "zhong"
