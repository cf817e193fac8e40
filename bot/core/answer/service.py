"""Answer learners' questions from the lessons, in the language they asked in.

Nothing here writes an answer: every answer is a FAQ entry's answer or a section's body,
as the lessons say it, with the section it came from and the live demo that proves it.
A question is answered only when

- it names something the course teaches: a glossary concept, a word of a section's
  title or keywords or of a FAQ entry's keywords, or a command-line flag the lessons use
  ("how do I cook rice" names none), and
- the best passage's confidence reaches the band where it answers (bands.py); a little
  below, it offers the two best entries ("not sure"), and a Yes/No entry is answered only
  for a question close to its own phrasings (or clearly closer to them than to any other's).

Otherwise the tutor says it does not know and offers the closest topics. Misspelt course
words are read as the course's (spelling.py). Chinese is matched in Simplified characters
(both sides folded) and answered in the asker's script: the course is written in
Traditional Chinese and converted for Simplified askers (mainland.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from bot.core.answer.bands import Bands, opens_with_verdict
from bot.core.answer.homophones import Homophones
from bot.core.answer.index import (
    BANDS,
    MEANING_WEIGHT,
    METHODS,
    Bm25Retriever,
    Method,
    PhrasingRetriever,
    WeightedRetriever,
    retriever,
)
from bot.core.answer.mainland import Mainland
from bot.core.answer.ports import (
    Hit,
    Passage,
    Retriever,
    Scripts,
    Semantic,
    SemanticRetriever,
    Sounds,
)
from bot.core.answer.replies import Answer, Choice, Script, Topic
from bot.core.answer.rerank import DEPTH, Reranker, Signals
from bot.core.answer.spelling import Speller
from bot.core.answer.text import ENGLISH_STOP, Analyzer, Options, has_chinese, without_fillers
from bot.core.beyond import Beyond
from bot.core.course import Course, Lesson, Section
from bot.core.glossary import Glossary
from bot.core.lang import Lang
from bot.core.messages import button, say

CLOSEST = 3
"""How many topics a refusal offers."""
CHOICES = 2
"""How many entries an unsure reply offers."""
NEXT_WITHIN = 0.85
"""A Yes/No entry written for another question gives way to the next entry when that one
scores at least this share of it (and can be answered): on the development sets, 4 more
right answers for 3 more wrong ones than offering both as "not sure"."""
BEYOND_MARGIN = 0.05
"""A question is declined when it is closer in meaning to a phrasing of a topic beyond the
course (`lessons/beyond.yaml`) than to the phrasings of the entry it would get, by more than
this (bench/README.md, round eleven)."""
FAQ_WITHIN = 0.8
"""A section on top gives way to a FAQ entry of the same section that scores at least this
share of it: a section's long body shares words with many questions, the entry answers one
(bench/README.md: better on every development set, the same from 0.8 to 0.9)."""


def passages(course: Course) -> list[Passage]:
    """Every FAQ entry and every section, each searchable by how it is asked or named."""
    found: list[Passage] = []
    for lesson in course.lessons:
        for section in lesson.sections:
            asked = section.questions
            names: tuple[str, ...] = (
                section.title.en,
                section.title.zh,
                " ; ".join(section.keywords),
                *(asked.en if asked else ()),
                *(asked.zh if asked else ()),
            )
            body = (section.body.en, section.body.zh)
            found.append(Passage(lesson.id, section.id, None, names, body))
        for faq in lesson.faq:
            named = (" ; ".join(faq.keywords),) if faq.keywords else ()
            asks = (*faq.questions.en, *faq.questions.zh, *named)
            answer = (faq.answer.en, faq.answer.zh)
            found.append(Passage(lesson.id, faq.section, faq.id, asks, answer))
    return found


class Answerer:
    """Question in, `Answer` out; never raises for what a learner types."""

    def __init__(
        self,
        *,
        course: Course,
        scripts: Scripts,
        glossary: Glossary | None = None,
        method: Method = "fused",
        options: Options | None = None,
        threshold: float | None = None,
        bands: Bands | None = None,
        custom: Callable[[list[Passage], Analyzer], Retriever] | None = None,
        semantic: Semantic | None = None,
        sounds: Sounds | None = None,
        faq_within: float = FAQ_WITHIN,
        reranker: Reranker | None = None,
        rerank: bool = True,
        beyond: Beyond | None = None,
    ) -> None:
        if method not in METHODS:
            raise ValueError(f"unknown method {method!r}")
        if method == "hybrid" and semantic is None:
            raise ValueError("the hybrid method needs a meaning retriever (`semantic`)")
        self.course = course
        self.scripts = scripts
        self.analyzer = Analyzer(fold=scripts.fold, glossary=glossary, options=options or Options())
        self.passages = passages(course)
        self.bands = bands or BANDS[method]
        if threshold is not None:
            self.bands = replace(self.bands, answer_at=threshold, unsure_at=threshold)
        self.entries = [p.faq or f"{p.lesson}/{p.section}" for p in self.passages]
        self._by_entry = {entry: index for index, entry in enumerate(self.entries)}
        self._verdicts = [p.faq is not None and opens_with_verdict(*p.texts) for p in self.passages]
        self._phrasings = PhrasingRetriever(self.passages, analyzer=self.analyzer)
        self._meaning: SemanticRetriever | None = None
        self._weighted: WeightedRetriever | None = None
        if custom is not None:
            self.retriever = custom(self.passages, self.analyzer)
        elif method == "hybrid" and semantic is not None:
            lexical = (1 - MEANING_WEIGHT) / 2
            self._meaning = semantic(self.passages, self._meaning_text)
            bm25 = Bm25Retriever(self.passages, analyzer=self.analyzer)
            self._weighted = WeightedRetriever(
                (self._phrasings, bm25, self._meaning), (lexical, lexical, MEANING_WEIGHT)
            )
            self.retriever = self._weighted
        else:
            self.retriever = retriever(method, self.passages, analyzer=self.analyzer)
        self.anchors = frozenset(self._anchors(course))
        self.speller = Speller(
            self._vocabulary(glossary), keep=ENGLISH_STOP, cut_short=True, stop_words=True
        )
        self.homophones = (
            Homophones(self._vocabulary(glossary), sounds=sounds, fold=scripts.fold)
            if sounds is not None
            else None
        )
        self._mainland = Mainland(glossary=glossary, scripts=scripts)
        self.spelling = (options or Options()).spelling
        self.faq_within = faq_within
        self.reranker = (reranker or Reranker()) if rerank and self._meaning else None
        self._beyond: SemanticRetriever | None = None
        if beyond is not None and semantic is not None and self._meaning is not None:
            topics = [
                Passage("", "", topic.id, (*topic.questions.en, *topic.questions.zh), ())
                for topic in beyond.topics
            ]
            self._beyond = semantic(topics, self._meaning_text)

    def _meaning_match(self, question: str, passage: int) -> float:
        return self._meaning.own_match(question, passage) if self._meaning else 0.0

    def _meaning_text(self, text: str) -> str:
        return without_fillers(self.analyzer.normalize(text))

    def correct(self, question: str) -> str:
        """The question with misspelt course words (and, with `sounds`, Chinese homophones of
        course words) read as the course's own."""
        corrected = self.speller.correct(question)
        return self.homophones.correct(corrected) if self.homophones else corrected

    def _vocabulary(self, glossary: Glossary | None) -> Iterable[str]:
        for passage in self.passages:
            yield from passage.asks
            yield from passage.texts
        for lesson in self.course.lessons:
            for section in lesson.sections:
                yield from section.keywords
        if glossary is not None:
            for term in glossary.terms:
                yield from term.en

    def _anchors(self, course: Course) -> Iterable[str]:
        """Terms that show a question is about the course at all."""
        for lesson in course.lessons:
            for section in lesson.sections:
                for text in (section.title.en, section.title.zh, *section.keywords):
                    yield from self.analyzer.terms(text)
            for faq in lesson.faq:
                for text in faq.keywords:
                    yield from self.analyzer.terms(text)
        for passage in self.passages:
            for text in passage.texts:
                yield from (t for t in self.analyzer.terms(text) if t.startswith(("-", "~")))

    def script(self, question: str, *, prefer: Script | None = None) -> Script:
        """The asker's script; Chinese written in neither (pid namespace 是啥) gets `prefer`
        (the learner's remembered or Slack-locale script) when it is Chinese, else
        Traditional, the course's own."""
        return self.written_in(question) or (
            prefer if prefer in ("zh-Hant", "zh-Hans") else "zh-Hant"
        )

    def written_in(self, question: str) -> Script | None:
        """English, or the Chinese script the question's characters show; None if neither."""
        if not has_chinese(question):
            return "en"
        traditional = sum(1 for char in question if self.scripts.fold(char) != char)
        simplified = self.scripts.simplified_only(question)
        if simplified == traditional == 0:
            return None
        return "zh-Hans" if simplified > traditional else "zh-Hant"

    def answer(self, question: str, *, prefer: Script | None = None) -> Answer:
        script = self.script(question, prefer=prefer)
        lang: Lang = "en" if script == "en" else "zh"
        asked = question
        if self.spelling:
            question = self.correct(question)
        hits, parts = self._ranked(question)
        if not hits:
            return replace(self._decline([], lang, script), question=asked)
        if self.reranker is not None:
            signals = self.signals(question, hits, depth=self.reranker.depth, parts=parts)
            hits = self.reranker.order(hits, signals)
        verdict = self._verdicts[hits[0].passage]
        band = self.bands.band(
            hits[0].confidence,
            verdict=verdict,
            own_match=self._phrasings.own_match(question, hits[0].passage),
            meaning_match=self._meaning_match(question, hits[0].passage) if verdict else 0.0,
            lead=self._lead(question, hits[0].passage) if verdict else 0.0,
        )
        if band != "decline" and self.beyond_the_course(question, hits[0].passage):
            band = "decline"
        if band == "answer":
            found = self._answer(self.passages[hits[0].passage], hits[0], lang, script)
        elif band == "unsure":
            found = self._unsure(hits, lang, script)
        else:
            found = self._decline(hits, lang, script)
        return replace(found, question=asked)

    def beyond_the_course(self, question: str, passage: int) -> bool:
        """Whether the question is closer in meaning to a topic the course leaves out than to
        the passage's own phrasings (by more than `BEYOND_MARGIN`)."""
        if self._beyond is None or self._meaning is None:
            return False
        nearest = self._beyond.rank(question, limit=1)
        own = self._meaning.own_match(question, passage)
        return bool(nearest) and nearest[0].score > own + BEYOND_MARGIN

    def candidates(self, question: str) -> list[Hit]:
        """The best hits for a (corrected) question before the reranker: none when it names
        nothing the course teaches; a FAQ entry before its own section when close, and a
        Yes/No entry written for another question after the next."""
        return self._ranked(question)[0]

    def _ranked(self, question: str) -> tuple[list[Hit], Sequence[dict[int, float]] | None]:
        """`candidates`, and with the hybrid each retriever's confidences they came from (for
        `signals`, so the reranker does not rank every passage again)."""
        if self.anchors.isdisjoint(self.analyzer.terms(question)):
            return [], None
        parts: Sequence[dict[int, float]] | None = None
        if self._weighted is None:
            hits = self.retriever.rank(question, limit=20)
        else:
            parts = self._weighted.confidences(question)
            hits = self._weighted.combined(parts, limit=20)
        if not hits:
            return [], parts
        return self._without_wrong_verdicts(question, self._faq_before_its_section(hits)), parts

    def signals(
        self,
        question: str,
        hits: list[Hit],
        *,
        depth: int = DEPTH,
        parts: Sequence[dict[int, float]] | None = None,
    ) -> list[Signals]:
        """What each retriever says of the best `depth` hits, for the reranker (nothing
        without the meaning retriever); `parts` are the hybrid's per-retriever confidences
        when the caller has them already."""
        meaning = self._meaning
        if meaning is None or self._weighted is None:
            return []
        phrasing, bm25, close = parts or self._weighted.confidences(question)
        own = self._phrasings.own_matches(question)
        found = []
        for place, hit in enumerate(hits[:depth]):
            index = hit.passage
            paragraph, asks = meaning.profile(question, index)
            found.append(
                Signals(
                    confidence=hit.confidence,
                    phrasing=phrasing.get(index, 0.0),
                    bm25=bm25.get(index, 0.0),
                    meaning=close.get(index, 0.0),
                    own=own[index],
                    own_meaning=meaning.own_match(question, index),
                    section=self.passages[index].faq is None,
                    verdict=self._verdicts[index],
                    rank=place,
                    paragraph=paragraph,
                    asks=asks,
                )
            )
        return found

    def _faq_before_its_section(self, hits: list[Hit]) -> list[Hit]:
        """The best hits, with a section on top moved below the first FAQ entry of the same
        section that scores at least `faq_within` of it; the entry takes the section's score."""
        first = self.passages[hits[0].passage]
        if first.faq is not None:
            return hits
        for hit in hits[1:]:
            passage = self.passages[hit.passage]
            if passage.faq is not None and passage.section == first.section:
                if hit.confidence < self.faq_within * hits[0].confidence:
                    return hits
                lifted = Hit(hit.passage, hits[0].score, hits[0].confidence)
                return [lifted, *(h for h in hits if h is not hit)]
        return hits

    def _lead(self, question: str, passage: int) -> float:
        """How much closer the question is to this entry's phrasings than to any other's."""
        matches = self._phrasings.own_matches(question)
        others = (
            match
            for index, match in enumerate(matches)
            if index != passage and self.passages[index].faq is not None
        )
        return matches[passage] - max(others, default=0.0)

    def _without_wrong_verdicts(self, question: str, hits: list[Hit]) -> list[Hit]:
        """The best hits, with a Yes/No entry written for another question moved below the
        next entry when that one is close (NEXT_WITHIN); its "No." would contradict it."""
        first = hits[0]
        if len(hits) < 2 or not self._verdicts[first.passage]:
            return hits
        own = self._phrasings.own_match(question, first.passage)
        if self.bands.owns(own, meaning_match=self._meaning_match(question, first.passage)):
            return hits
        if hits[1].confidence < max(self.bands.answer_at, NEXT_WITHIN * first.confidence):
            return hits
        return [hits[1], first, *hits[2:]]

    def closeness(self, question: str, entry: str) -> float:
        """How closely the question is one of the entry's own phrasings (0 to 1), its
        misspelt course words read as the course's; 0 for an unknown entry."""
        index = self._by_entry.get(entry)
        if index is None:
            return 0.0
        return self._phrasings.own_match(self.correct(question), index)

    def entry(self, entry: str, *, script: Script) -> Answer | None:
        """The answer of one entry by id (a "did you mean" choice), or None if there is none."""
        index = self._by_entry.get(entry)
        if index is None:
            return None
        lang: Lang = "en" if script == "en" else "zh"
        return self._answer(self.passages[index], Hit(index, 1.0, 1.0), lang, script)

    def _unsure(self, hits: list[Hit], lang: Lang, script: Script) -> Answer:
        show = self._shower(script)
        choices = tuple(self._choice(hit.passage, lang, script) for hit in hits[:CHOICES])
        return Answer(
            text=show(say("answer_unsure", lang)),
            lang=lang,
            script=script,
            score=round(hits[0].confidence, 3),
            band="unsure",
            choices=choices,
        )

    def _choice(self, index: int, lang: Lang, script: Script) -> Choice:
        passage = self.passages[index]
        lesson, section = self._find(passage)
        faq = next((f for f in lesson.faq if f.id == passage.faq), None)
        if faq is None:
            title = section.title.get(lang)
        elif lang == "en":
            title = faq.questions.en[0]
        else:
            native = [q for q in faq.questions.zh if self.script(q) == script]
            title = (native or faq.questions.zh)[0]
        return Choice(self.entries[index], lesson.id, section.id, self._shower(script)(title))

    def _answer(self, passage: Passage, hit: Hit, lang: Lang, script: Script) -> Answer:
        lesson, section = self._find(passage)
        faq = next((f for f in lesson.faq if f.id == passage.faq), None)
        body = faq.answer.get(lang) if faq is not None else section.body.get(lang)
        see = section.see
        hint = say("answer_see", lang, step=see) if see is not None else ""
        if "/container-demo" in body:
            hint = ""
        demo = section.demo if see is not None else None
        show = self._shower(script)
        return Answer(
            text=show(body),
            lang=lang,
            script=script,
            score=round(hit.confidence, 3),
            lesson=lesson.id,
            section=section.id,
            faq=passage.faq,
            source=show(
                say(
                    "answer_source",
                    lang,
                    lesson=lesson.title.get(lang),
                    section=section.title.get(lang),
                )
            ),
            see=see,
            hint=show(hint),
            demo=demo,
            live_label=show(button("see_live", lang, demo=demo)) if demo else "",
            feedback_labels=(show(button("helpful", lang)), show(button("not_helpful", lang))),
        )

    def _decline(self, hits: list[Hit], lang: Lang, script: Script) -> Answer:
        show = self._shower(script)
        topics: list[Topic] = []
        for hit in hits:
            lesson, section = self._find(self.passages[hit.passage])
            if all(t.section != section.id for t in topics):
                topics.append(Topic(lesson.id, section.id, show(section.title.get(lang))))
            if len(topics) == CLOSEST:
                break
        key = "answer_closest"
        if not topics:
            key = "answer_courses"
            topics = [Topic(x.id, None, show(x.title.get(lang))) for x in self.course.lessons]
        listed = ("；" if lang == "zh" else "; ").join(t.title for t in topics)
        return Answer(
            text=show(say("answer_unknown", lang)),
            lang=lang,
            script=script,
            score=round(hits[0].confidence, 3) if hits else 0.0,
            topics=tuple(topics),
            topics_text=show(say(key, lang, topics=listed)),
            band="decline",
        )

    def _find(self, passage: Passage) -> tuple[Lesson, Section]:
        found = self.course.section(passage.section)
        if found is None:  # passages are built from this course: cannot happen
            raise LookupError(passage.section)
        return found

    def _shower(self, script: Script) -> Callable[[str], str]:
        return self.mainland if script == "zh-Hans" else _same

    def mainland(self, text: str) -> str:
        return self._mainland(text)


def _same(text: str) -> str:
    return text
