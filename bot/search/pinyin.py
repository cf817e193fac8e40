"""Chinese readings for the core's `Sounds` port, from pypinyin's tables.

pypinyin ships its tables in the wheel as two JSON files; nothing is fetched. They are read
here once, without importing pypinyin itself (whose own loader keeps both tables as Python
objects, about 50 MB), and only what the port needs is kept (a few MB):

- each character's first (most common) reading, without tones: 核 and 和 both read "he";
- the two-character words of its phrase table (about 20,000: 北京, 内核, 银行, 可以), which
  are never taken for a slip of the keyboard. The table lists the words whose reading is
  not simply each character's first one, so it holds many words but not all (统一, 索引 are
  missing); the core's homophone step guards against that by its other rules.

A learner typing with a pinyin keyboard picks the wrong character of the right sound (内和 for
内核, 命名空見 for 命名空間); the core's homophone step reads both as the same syllables.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from pathlib import Path

_FIRST_READING = re.compile(r'^"(\d+)": "([^,"]+)', re.MULTILINE)
_PAIR_KEY = re.compile(r'^"([^"\\]{2})": \[', re.MULTILINE)


def _package_dir() -> Path:
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the pypinyin package is not installed (see pyproject.toml)")
    return Path(next(iter(spec.submodule_search_locations)))


def toneless(syllable: str) -> str:
    """`zhōng` → `zhong`, `lǜ` → `lu`."""
    decomposed = unicodedata.normalize("NFD", syllable)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class PinyinSounds:
    """Implements `bot.core.answer.ports.Sounds`."""

    def __init__(self, root: Path | None = None) -> None:
        root = root or _package_dir()
        chars = (root / "pinyin_dict.json").read_text(encoding="utf-8")
        self._readings = {
            chr(int(code)): toneless(first) for code, first in _FIRST_READING.findall(chars)
        }
        phrases = (root / "phrases_dict.json").read_text(encoding="utf-8")
        self._words = frozenset(_PAIR_KEY.findall(phrases))  # the keys only, not the readings

    def reading(self, text: str) -> str:
        return " ".join(self._readings.get(char, char) for char in text)

    def is_word(self, pair: str) -> bool:
        return pair in self._words
