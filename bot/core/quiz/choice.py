"""The number of a chosen answer, from whatever digits the learner typed or a button carried.

`str.isdigit` accepts superscripts and Ethiopic numerals that `int` then refuses, which used to
end a quiz step in an exception. Here any decimal digit (ASCII, full-width ３, Arabic-Indic ٣…)
counts, and anything else is simply not a choice, so the caller answers politely.
"""

from __future__ import annotations

import unicodedata

MAX_DIGITS = 3


def choice_number(text: str) -> int | None:
    """`"2"`, `" ２ "`, `"٢"` → 2; `"²"`, `"፩"`, `"two"`, `""` → None."""
    word = text.strip()
    if not word or len(word) > MAX_DIGITS:
        return None
    value = 0
    for char in word:
        digit = unicodedata.decimal(char, None)
        if digit is None:
            return None
        value = value * 10 + digit
    return value
