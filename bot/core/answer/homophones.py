"""Chinese typed with the wrong character of the right sound, read as the course's word.

A pinyin keyboard offers every character of a syllable, and learners pick the wrong one:
内和 for 内核, 命名空見 for 命名空間, 運形 for 運行. Like `spelling.Speller` for English, this
puts the course's own word back, and only where that is safe: a pair of characters that the
lessons never use and that is no word of the reading tables is replaced by the pair the
lessons use most with the same syllables, when that pair is a word itself; a pair whose
neighbour forms a word with it (索引为: 引为 sounds like 因为, but 索引 is a word) is left
alone. Both sides are folded to Simplified first, as the analyzer folds them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable

from bot.core.answer.ports import Sounds

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
SEEN_AT_LEAST = 2
"""A course pair must occur this often to be offered as the right word."""


class Homophones:
    def __init__(self, texts: Iterable[str], *, sounds: Sounds, fold: Callable[[str], str]) -> None:
        self._sounds = sounds
        self._fold = fold
        pairs: Counter[str] = Counter()
        for text in texts:
            for run in _HAN.findall(fold(text)):
                pairs.update(run[i : i + 2] for i in range(len(run) - 1))
        self._pairs = pairs
        by_sound: dict[str, str] = {}
        for pair, count in pairs.most_common():
            if count >= SEEN_AT_LEAST and sounds.is_word(pair):
                by_sound.setdefault(sounds.reading(pair), pair)
        self._by_sound = by_sound

    def correct(self, text: str) -> str:
        """`text` with each misheard course word put right; other text comes back as it was."""
        return _HAN.sub(self._run, text) if self._by_sound else text

    def _run(self, match: re.Match[str]) -> str:
        typed = match.group(0)
        chars = list(self._fold(typed))
        if len(chars) != len(typed):
            return typed
        changed = False
        i = 0
        while i < len(chars) - 1:
            found = self._instead(chars, i)
            if found:
                chars[i], chars[i + 1] = found[0], found[1]
                changed = True
                i += 2
            else:
                i += 1
        return "".join(chars) if changed else typed

    def _instead(self, chars: list[str], i: int) -> str | None:
        pair = chars[i] + chars[i + 1]
        if pair in self._pairs or self._sounds.is_word(pair):
            return None
        before = chars[i - 1] + chars[i] if i > 0 else ""
        after = chars[i + 1] + chars[i + 2] if i + 2 < len(chars) else ""
        if self._sounds.is_word(before) or self._sounds.is_word(after):
            return None
        found = self._by_sound.get(self._sounds.reading(pair))
        return found if found and found != pair else None
