"""Ideas for making answers generalise, each measured the same way on every development set.

Each idea is an `Answerer` with one thing changed: the first rows change the shipped hybrid
(lexical + meaning, with homophones); the rows from "lexical only (round four)" on change
the lexical method of round four, as measured then. Every question of the seven development
sets is asked once; then one answer cut is chosen on all of them pooled (the most right
replies, answers and declines alike; a tie goes to the higher cut), and again leaving each
set out in turn: the cut chosen on the other six, scored on the one left out. An idea that
only fits one set gains pooled but not left out.

    python -m bench.qa_ideas [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.config import Settings
from bot.content.glossary import load_glossary
from bot.core.answer import index, text
from bot.core.answer.index import (
    MEANING_WEIGHT,
    Bm25Retriever,
    FusedRetriever,
    PhrasingRetriever,
    WeightedRetriever,
    retriever,
)
from bot.core.answer.ports import Passage, Retriever
from bot.core.answer.service import Answerer
from bot.core.answer.text import ENGLISH_STOP, Analyzer, has_chinese
from bot.core.glossary import Glossary
from bot.search.chinese import OpenccScripts
from bot.search.meaning import Meanings, meaning_index
from bot.search.pinyin import PinyinSounds
from bot.wiring import course_from
from testkit.answer_eval import DEVELOPMENT, Question, load_sets

CUTS = tuple(step / 100 for step in range(10, 61))
MEANING_WEIGHTS = (0.2, 0.3, 0.4, 0.6, 0.7, 1.0)
FULL_WEIGHT_PAIRS = "Chinese pairs that straddle two words at full weight"
RUNNER_UP = 0.95
CLOSE_RUNNER_UP = "+ not sure when the runner-up scores 0.95 of the best"
SHIPPED_STRADDLING = index.STRADDLING
SOFTER = (0.03, 0.05, 0.1)
MORE_FILLERS = "+ more chat fillers as stop words (r, idk, yo, bro, hmm, um, dunno, dumb q …)"
FILLERS = frozenset("r idk yo bro legit srsly hmm um uh dunno nope dumb q quick".split())  # noqa: SIM905
SHIPPED_STOP = text.ENGLISH_STOP


@dataclass(frozen=True)
class Asked:
    """One question asked once with every cut open: what a cut would make of it."""

    label: str
    question: Question
    answered: bool
    """In the answer band with the cut at 0 (a Yes/No entry may still be only offered)."""
    right_entry: bool
    confidence: float
    known_share: float
    """The share of the question's terms that occur anywhere in the lessons."""
    names_topic: bool = False
    """The question names a keyword of the entry it got (or its section's title)."""

    def right(self, cut: float, *, share: float = 0.0, softer: float = 0.0) -> bool:
        cut = cut - softer if self.names_topic else cut
        answers = self.answered and self.confidence >= cut and self.known_share >= share
        return answers and self.right_entry if self.question.expect else not answers


class GramAnalyzer(Analyzer):
    """The shipped analysis plus 4-letter pieces of longer English words (typo tolerance)."""

    def terms(self, text: str) -> list[str]:
        words = [w for w in self.normalize(text).split() if w.isalpha() and len(w) >= 5]
        grams = [
            "#" + f"<{w}>"[i : i + 4]
            for w in words
            if w not in ENGLISH_STOP
            for i in range(len(w) - 1)
        ]
        return [*super().terms(text), *grams]


class SingleCharAnalyzer(Analyzer):
    """The shipped analysis plus every Chinese character on its own."""

    def terms(self, text: str) -> list[str]:
        folded = self.normalize(text)
        return [*super().terms(text), *("%" + c for c in folded if has_chinese(c))]


def _analysed(kind: type[Analyzer], glossary: Glossary) -> Callable[..., Retriever]:
    scripts = OpenccScripts()

    def build(passages: list[Passage], _analyzer: Analyzer) -> Retriever:
        return retriever("fused", passages, analyzer=kind(fold=scripts.fold, glossary=glossary))

    return build


def _weighted(phrasing: float) -> Callable[..., Retriever]:
    def build(passages: list[Passage], analyzer: Analyzer) -> Retriever:
        parts = (
            PhrasingRetriever(passages, analyzer=analyzer),
            Bm25Retriever(passages, analyzer=analyzer),
        )
        return WeightedRetriever(parts, (phrasing, 1 - phrasing))

    return build


def _body(weight: float) -> Callable[..., Retriever]:
    def build(passages: list[Passage], analyzer: Analyzer) -> Retriever:
        parts = (
            PhrasingRetriever(passages, analyzer=analyzer, body_weight=weight),
            Bm25Retriever(passages, analyzer=analyzer),
        )
        return FusedRetriever(parts)

    return build


def ideas() -> list[tuple[str, Callable[[], Answerer]]]:
    settings = Settings()
    course = course_from(settings)
    glossary = load_glossary(settings.lessons_dir)
    scripts = OpenccScripts()

    def answerer(**changes: Any) -> Answerer:
        return Answerer(course=course, scripts=scripts, glossary=glossary, **changes)

    def with_bands(**bands: float) -> Callable[[], Answerer]:
        def build() -> Answerer:
            made = answerer()
            made.bands = replace(made.bands, **bands)
            return made

        return build

    def spelling(*, cut_short: bool = False, swaps: bool = False) -> Callable[[], Answerer]:
        def build() -> Answerer:
            made = answerer()
            made.speller.cut_short = cut_short
            made.speller.swaps = swaps
            return made

        return build

    def asks_as_anchors() -> Answerer:
        made = answerer()
        terms = (made.analyzer.terms(text) for p in made.passages if p.faq for text in p.asks)
        made.anchors = made.anchors | {term for found in terms for term in found}
        return made

    meanings, sounds = Meanings(), PinyinSounds()

    def hybrid(weight: float, *, homophones: bool = True) -> Callable[[], Answerer]:
        def build() -> Answerer:
            made = answerer(
                method="hybrid",
                semantic=meaning_index(meanings),
                sounds=sounds if homophones else None,
            )
            retriever = made.retriever
            assert isinstance(retriever, WeightedRetriever)
            lexical = (1 - weight) / 2
            retriever.weights = (lexical, lexical, weight)
            return made

        return build

    return [
        ("shipped", hybrid(MEANING_WEIGHT)),
        ("hybrid without homophones", hybrid(MEANING_WEIGHT, homophones=False)),
        *((f"hybrid, meaning weight {w}", hybrid(w)) for w in MEANING_WEIGHTS),
        ("lexical only (round four)", answerer),
        ("without a FAQ entry before its section", lambda: answerer(faq_within=2.0)),
        ("Yes/No guard as before (0.62, no lead)", with_bands(verdict_match=0.62)),
        ("Yes/No guard 0.5, no lead", with_bands(verdict_floor=1.0)),
        ("Yes/No guard 0.4, no lead", with_bands(verdict_match=0.4)),
        ("typos: without a course word cut short (pstre, as before)", spelling()),
        ("+ typos: four-letter words with two letters swapped (waht)", spelling(swaps=True)),
        ("+ English 4-letter pieces", lambda: answerer(custom=_analysed(GramAnalyzer, glossary))),
        (
            "+ Chinese single characters",
            lambda: answerer(custom=_analysed(SingleCharAnalyzer, glossary)),
        ),
        ("phrasing cosine adds its text at 0.5 (as before)", lambda: answerer(custom=_body(0.5))),
        ("phrasing cosine adds its text at 0.3", lambda: answerer(custom=_body(0.3))),
        ("phrasing 0.7 / BM25 0.3", lambda: answerer(custom=_weighted(0.7))),
        ("phrasing 0.3 / BM25 0.7", lambda: answerer(custom=_weighted(0.3))),
        ("FAQ phrasings' words as topic anchors", asks_as_anchors),
        (FULL_WEIGHT_PAIRS, answerer),
        (MORE_FILLERS, answerer),
    ]


def runner_up_share(answerer: Answerer, question: str, entry: str, score: float) -> float:
    """The best other entry's confidence as a share of the answered one's."""
    hits = answerer.retriever.rank(answerer.correct(question), limit=5)
    others = [h.confidence for h in hits if answerer.entries[h.passage] != entry]
    return max(others, default=0.0) / score if score else 0.0


def ask(
    answerer: Answerer, sets: dict[str, list[Question]], *, unsure_within: float = 2.0
) -> list[Asked]:
    """Every question once; with `unsure_within`, an answer whose runner-up scores at least
    that share of it counts as "not sure" instead."""
    answerer.bands = replace(answerer.bands, answer_at=0.0, unsure_at=0.0)
    named = _topic_terms(answerer)
    course_share = course_words(answerer)
    found = []
    for label, questions in sets.items():
        for question in questions:
            reply = answerer.answer(question.text)
            answered = reply.band == "answer"
            if answered and unsure_within <= 1.0 and reply.entry is not None:
                share = runner_up_share(answerer, question.text, reply.entry, reply.score)
                answered = share < unsure_within
            terms = set(answerer.analyzer.terms(answerer.correct(question.text)))
            share = course_share(question.text)
            found.append(
                Asked(
                    label=label,
                    question=question,
                    answered=answered,
                    right_entry=reply.entry in question.expect,
                    confidence=reply.score,
                    known_share=share,
                    names_topic=bool(named.get(reply.entry or "", set()) & terms),
                )
            )
    return found


def course_words(answerer: Answerer) -> Callable[[str], float]:
    """The share of a question's terms (misspelt course words read as the course's) that
    occur anywhere in the lessons."""
    vocabulary = {
        term
        for p in answerer.passages
        for text in (*p.asks, *p.texts)
        for term in answerer.analyzer.terms(text)
    }

    def share(question: str) -> float:
        terms = set(answerer.analyzer.terms(answerer.correct(question)))
        return len(terms & vocabulary) / len(terms) if terms else 0.0

    return share


def _topic_terms(answerer: Answerer) -> dict[str, set[str]]:
    """Each entry's keyword terms (a section's: its titles and keywords)."""
    named: dict[str, set[str]] = {}
    for lesson in answerer.course.lessons:
        for section in lesson.sections:
            names = (section.title.en, section.title.zh, *section.keywords)
            key = f"{lesson.id}/{section.id}"
            named[key] = {t for x in names for t in answerer.analyzer.terms(x)}
        for faq in lesson.faq:
            named[faq.id] = {t for x in faq.keywords for t in answerer.analyzer.terms(x)}
    return named


def best_cut(
    asked: Iterable[Asked], *, share: float = 0.0, softer: float = 0.0
) -> tuple[int, float]:
    pool = list(asked)
    return max((sum(a.right(cut, share=share, softer=softer) for a in pool), cut) for cut in CUTS)


def measure(asked: list[Asked], *, share: float = 0.0, softer: float = 0.0) -> dict[str, Any]:
    right, cut = best_cut(asked, share=share, softer=softer)
    answerable = [a for a in asked if a.question.expect]
    owed = [a for a in asked if not a.question.expect]

    def rate(lang: str) -> float:
        mine = [a for a in answerable if a.question.lang == lang]
        return sum(a.right(cut, share=share, softer=softer) for a in mine) / len(mine)

    left_out = {}
    for label in DEVELOPMENT:
        _, chosen = best_cut((a for a in asked if a.label != label), share=share, softer=softer)
        mine = [a for a in asked if a.label == label]
        left_out[label] = (
            f"{sum(a.right(chosen, share=share, softer=softer) for a in mine)}/{len(mine)}"
        )
    return {
        "cut": cut,
        "right": f"{right}/{len(asked)}",
        "en": round(rate("en"), 3),
        "zh": round(rate("zh"), 3),
        "declined": f"{sum(a.right(cut, share=share, softer=softer) for a in owed)}/{len(owed)}",
        "left_out": left_out,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    options = parser.parse_args(argv)
    sets = load_sets(DEVELOPMENT)
    rows = []
    for name, build in ideas():
        index.STRADDLING = 1.0 if name == FULL_WEIGHT_PAIRS else SHIPPED_STRADDLING
        text.ENGLISH_STOP = SHIPPED_STOP | FILLERS if name == MORE_FILLERS else SHIPPED_STOP
        asked = ask(build(), sets)
        rows.append({"idea": name, **measure(asked)})
        if name == "shipped":
            gated = "+ decline when under half the question's words are the course's"
            rows.append({"idea": gated, **measure(asked, share=0.5)})
            for softer in SOFTER:
                idea = f"+ a cut {softer} lower when the question names the entry's topic"
                rows.append({"idea": idea, **measure(asked, softer=softer)})
            close = ask(build(), sets, unsure_within=RUNNER_UP)
            rows.append({"idea": CLOSE_RUNNER_UP, **measure(close)})
    if options.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    print(f"{'idea':66} {'cut':>5} {'right':>8} {'en':>6} {'zh':>6} {'declined':>9}  left out")
    for row in rows:
        left = " ".join(f"{k} {v}" for k, v in row["left_out"].items())
        print(
            f"{row['idea']:66} {row['cut']:5.2f} {row['right']:>8} {row['en']:6.1%} "
            f"{row['zh']:6.1%} {row['declined']:>9}  {left}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
