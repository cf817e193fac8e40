"""Typo tolerance: a misspelt course word in a question becomes the course's word.

"hypervsior", "contianer" or "kernal" share no term with any passage, so the question lost
its topic and was declined. Only words the course itself uses are targets, and only words
of five letters or more are corrected (one edit: a letter dropped, added, changed or two
swapped; two edits from nine letters on; never the first letter, never an inflection; a
course word cut short by its last letter, "pstre" or "kerne", too), so
everyday words mostly stay as they are and an off-topic question does not borrow the
course's vocabulary.

A deletion index (every word with one letter removed) finds candidates without comparing
the question with the whole vocabulary, so correcting costs microseconds per word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

SHORTEST = 5
"""Words shorter than this are left alone: too many real words are one edit apart."""
LONG = 9
"""From this length on, two edits are allowed."""
EXTRA_LETTER = 7
"""A word with one letter more than a course word is taken for a typo only from this length."""
_WORD = re.compile(r"[a-z]+")


class Speller:
    """Corrects a question's English words towards the course's own vocabulary."""

    def __init__(
        self,
        texts: Iterable[str],
        *,
        keep: Iterable[str] = (),
        cut_short: bool = False,
        swaps: bool = False,
        stop_words: bool = False,
    ) -> None:
        self.cut_short = cut_short
        """Also a course word whose last letter was dropped ("pstre" for pstree)."""
        self.swaps = swaps
        """Also four-letter words with two letters swapped, towards course and stop words
        ("waht" for what)."""
        self.stop_words = stop_words
        """Also towards the stop words ("diffrence", "betwen", "actualy"): otherwise such a
        word counts as a word the lessons never use, at full weight, and pulls the question's
        confidence down."""
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(w for w in _WORD.findall(text.casefold()) if len(w) >= SHORTEST - 1)
        self._counts = counts
        self._keep = frozenset(keep)
        self._index: dict[str, list[str]] = {}
        if stop_words:  # a misspelt stop word becomes the stop word, and is dropped
            targets = set(counts) | {w for w in self._keep if len(w) >= SHORTEST}
        else:
            targets = {w for w in counts if w not in self._keep}
        for word in sorted(targets):
            for variant in {word, *_deletions(word)}:
                self._index.setdefault(variant, []).append(word)

    def correct(self, text: str) -> str:
        """`text` with each unknown, misspelt course word replaced by the course's spelling."""
        return _WORD.sub(self._word, text.casefold()) if _WORD.search(text) else text

    def _word(self, match: re.Match[str]) -> str:
        word = match.group(0)
        if word in self._counts or word in self._keep:
            return word
        if len(word) == SHORTEST - 1 and self.swaps:
            return self._swapped(word)
        if len(word) < SHORTEST:
            return word
        if self.cut_short:
            longer = [c for c in self._index.get(word, ()) if _cut_short(word, c)]
            if longer:
                return max(longer, key=lambda c: (self._counts[c], c))
        found = {c for v in {word, *_deletions(word)} for c in self._index.get(v, ())}
        allowed = 2 if len(word) >= LONG else 1
        close = [c for c in found if _plausible(word, c) and _distance(word, c) <= allowed]
        if not close:
            return word
        return max(close, key=lambda c: (-_distance(word, c), self._counts[c], c))

    def _swapped(self, word: str) -> str:
        """A four-letter word with two inner neighbours swapped, when that is a known word."""
        for i in range(1, len(word) - 1):
            swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            if swapped in self._counts or swapped in self._keep:
                return swapped
        return word


def _cut_short(typed: str, known: str) -> bool:
    """`known` is `typed` with one more letter at the end."""
    return len(known) == len(typed) + 1 and known.startswith(typed)


def _plausible(typed: str, known: str) -> bool:
    """A typo keeps the first letter and is not an inflection (`compared` is no typo of
    `compare`); a letter too many is only taken for a typo in a long word (`reset` is not
    `rest`)."""
    if typed[0] != known[0] or typed.startswith(known) or known.startswith(typed):
        return False
    if typed[:-1] == known[:-1]:  # router / routes: another word, not a slip
        return False
    return len(known) >= len(typed) or len(typed) >= EXTRA_LETTER


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein with adjacent swaps)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]
