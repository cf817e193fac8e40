"""Course text as mainland Simplified Chinese, not Taiwan Chinese in Simplified characters.

OpenCC's phrase-level Taiwan → mainland conversion (the `Scripts` port's `simplify`) fixes
most words, but course terms remain (映像, 套件, 终端机, 印出, 核心 beside 内核). The glossary
says how the mainland writes each (`hans`, `replaces`); they are replaced after conversion.
"""

from __future__ import annotations

from bot.core.answer.ports import Scripts
from bot.core.glossary import Glossary


class Mainland:
    """Traditional course text → Simplified Chinese as a mainland reader writes it."""

    def __init__(self, *, glossary: Glossary | None, scripts: Scripts) -> None:
        self.scripts = scripts
        self.terms = _terms(glossary, scripts)

    def __call__(self, text: str) -> str:
        converted = self.scripts.simplify(text)
        for taiwan, mainland in self.terms:
            converted = converted.replace(taiwan, mainland)
        return converted


def _terms(glossary: Glossary | None, scripts: Scripts) -> list[tuple[str, str]]:
    """(Taiwan form in Simplified characters, mainland form), longest first (映像档 before
    映像). A form is taken as character conversion writes it and as phrase conversion
    writes it alone, since OpenCC converts 核心 alone but not inside 没有核心."""
    pairs = {
        converted: term.hans
        for term in (glossary.terms if glossary is not None else ())
        if term.hans
        for form in term.replaces
        for converted in (scripts.fold(form), scripts.simplify(form))
        if converted != term.hans
    }
    return sorted(pairs.items(), key=lambda pair: -len(pair[0]))
