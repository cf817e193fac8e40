"""Word meaning for the core's `Retriever` port: WordLlama's static token vectors.

WordLlama (`wordllama` on PyPI) ships its weights inside the wheel: 32,000 token vectors of
256 numbers (16 MB, float16) trained so that the mean of a sentence's token vectors lands
near sentences that mean the same, and its tokenizer as one JSON file. Nothing is fetched
at run time: this module reads both files from the installed package (without importing
the package, whose loader would look for the tokenizer on the network first) and embeds a
text as the normalised mean of its tokens' vectors, as WordLlama's own `embed` does.

A question then scores, per passage, its best cosine with any of the passage's phrasings
and paragraphs: "why does my container die the second i start it" lands near "why does my
container exit immediately" although the two share few words. Measured against and with
the lexical method in bench/README.md (round five).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

from bot.core.answer.ports import Hit, Passage

WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"


def _package_dir() -> Path:
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the wordllama package is not installed (see pyproject.toml)")
    return Path(next(iter(spec.submodule_search_locations)))


class Meanings:
    """Texts in, unit vectors out (float32, one row per text)."""

    def __init__(self, root: Path | None = None) -> None:
        root = root or _package_dir()
        self._vectors = load_file(str(root / WEIGHTS))["embedding.weight"]
        self._tokenizer = Tokenizer.from_file(str(root / TOKENIZER))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        rows = np.zeros((len(texts), self._vectors.shape[1]), dtype=np.float32)
        last = self._vectors.shape[0] - 1
        for row, encoding in enumerate(self._tokenizer.encode_batch(list(texts))):
            ids = np.clip(np.asarray(encoding.ids, dtype=np.int64), 0, last)
            if ids.size:
                rows[row] = self._vectors[ids].astype(np.float32).mean(axis=0)
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        unit: np.ndarray = rows / np.maximum(norms, 1e-9)
        return unit


class MeaningRetriever:
    """Per passage, the best cosine of the question with a phrasing or a paragraph;
    implements `bot.core.answer.ports.Retriever`."""

    def __init__(
        self, passages: Sequence[Passage], *, meanings: Meanings, fold: Callable[[str], str]
    ) -> None:
        self._meanings = meanings
        self._fold = fold
        texts: list[str] = []
        owners: list[int] = []
        asks: list[bool] = []
        for index, passage in enumerate(passages):
            paragraphs = [p for text in passage.texts for p in text.split("\n\n") if p.strip()]
            pieces = [*passage.asks, *paragraphs]
            texts += [fold(piece) for piece in pieces]
            owners += [index] * len(pieces)
            asks += [True] * len(passage.asks) + [False] * len(paragraphs)
        self._matrix = meanings.embed(texts)
        self._owners = np.asarray(owners, dtype=np.int64)
        self._asks = np.asarray(asks, dtype=bool)
        self._count = len(passages)
        self._last: tuple[str, np.ndarray] | None = None

    def _vector(self, question: str) -> np.ndarray:
        """The question's vector; `rank` and `own_match` ask for the same question in a row."""
        last = self._last  # one read: another thread may replace it meanwhile
        if last is not None and last[0] == question:
            return last[1]
        vector: np.ndarray = self._meanings.embed([self._fold(question)])[0]
        self._last = (question, vector)
        return vector

    def own_match(self, question: str, passage: int) -> float:
        rows = (self._owners == passage) & self._asks
        if not rows.any():
            return 0.0
        return float((self._matrix[rows] @ self._vector(question)).max())

    def profile(self, question: str, passage: int) -> tuple[float, float]:
        mine = self._owners == passage
        similarity = self._matrix[mine] @ self._vector(question)
        asks = self._asks[mine]
        paragraphs = similarity[~asks]
        closest = np.sort(similarity[asks])[::-1][:3]
        return (
            float(paragraphs.max()) if paragraphs.size else 0.0,
            float(closest.mean()) if closest.size else 0.0,
        )

    def rank(self, question: str, *, limit: int) -> list[Hit]:
        similarity = self._matrix @ self._vector(question)
        best = np.full(self._count, -1.0, dtype=np.float32)
        np.maximum.at(best, self._owners, similarity)
        hits = [
            Hit(passage=index, score=float(score), confidence=max(0.0, float(score)))
            for index, score in enumerate(best.tolist())
        ]
        hits.sort(key=lambda hit: (-hit.score, hit.passage))
        return hits[:limit]


def meaning_index(meanings: Meanings) -> Callable[..., MeaningRetriever]:
    """The `semantic` builder `Answerer` takes: passages and the fold in, a retriever out."""

    def build(passages: Sequence[Passage], fold: Callable[[str], str]) -> MeaningRetriever:
        return MeaningRetriever(passages, meanings=meanings, fold=fold)

    return build
