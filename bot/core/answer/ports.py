"""What question answering needs from outside the core, as small Protocols.

`Retriever` ranks lesson passages for a question (BM25 in the core; any other method can
be an adapter). `Scripts` converts between Traditional and Simplified Chinese, which needs
conversion tables that live in a package, not in the core.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Passage:
    """One thing the tutor can answer from: a FAQ entry or a whole section.

    `asks` are short texts naming the topic: the ways learners ask a FAQ, or a section's
    titles and keywords. `texts` are what the passage says, in both languages.
    """

    lesson: str
    section: str
    faq: str | None
    asks: tuple[str, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    """A passage (index into the passages) with its score and a confidence in [0, 1]."""

    passage: int
    score: float
    confidence: float


class Retriever(Protocol):
    def rank(self, question: str, *, limit: int) -> list[Hit]:
        """The best passages for `question`, best first, at most `limit`."""
        ...


class SemanticRetriever(Retriever, Protocol):
    """Ranks by meaning, and tells how close a question is in meaning to a passage's own
    phrasings (its `asks`) alone, the cosine in [-1, 1]."""

    def own_match(self, question: str, passage: int) -> float: ...

    def profile(self, question: str, passage: int) -> tuple[float, float]:
        """The question's best cosine with one of the passage's paragraphs, and its mean
        cosine with the passage's three closest phrasings (what the reranker weighs)."""
        ...


Semantic = Callable[[Sequence[Passage], Callable[[str], str]], SemanticRetriever]
"""Builds a meaning retriever from the passages and a fold (Traditional → Simplified, lower
case, chat fillers out), which it applies to both sides."""


class Scripts(Protocol):
    """Chinese script conversion."""

    def fold(self, text: str) -> str:
        """Traditional → Simplified characters, for matching (both sides get folded)."""
        ...

    def simplify(self, text: str) -> str:
        """Course text (Traditional, Taiwan usage) → Simplified, mainland usage, to show."""
        ...

    def simplified_only(self, text: str) -> int:
        """How many characters of `text` exist only in Simplified Chinese."""
        ...


class Sounds(Protocol):
    """How Chinese is read aloud, for catching homophones typed by a pinyin keyboard."""

    def reading(self, text: str) -> str:
        """The syllables of `text` without tones, e.g. "nei he" for 内核 and for 内和."""
        ...

    def is_word(self, pair: str) -> bool:
        """Whether two characters are a word of the reading tables (北京 is; 内和 is not)."""
        ...
