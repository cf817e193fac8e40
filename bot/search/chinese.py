"""Traditional ↔ Simplified Chinese with OpenCC, for the core's `Scripts` port.

OpenCC's own Python package ships its conversion tables and a compiled converter in the
wheel: nothing is fetched at run time, loading takes milliseconds and a few MB.
"""

from __future__ import annotations

import opencc


class OpenccScripts:
    """Implements `bot.core.answer.ports.Scripts`."""

    def __init__(self) -> None:
        self._t2s = opencc.OpenCC("t2s")
        self._tw2sp = opencc.OpenCC("tw2sp")
        self._s2t = opencc.OpenCC("s2t")

    def fold(self, text: str) -> str:
        return str(self._t2s.convert(text))

    def simplify(self, text: str) -> str:
        return str(self._tw2sp.convert(text))

    def simplified_only(self, text: str) -> int:
        return sum(1 for char in text if char != self._s2t.convert(char))
