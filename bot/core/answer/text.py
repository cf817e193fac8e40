"""Turn a question or a passage into search terms, the same way for both.

Chinese has no spaces, so it is cut into overlapping character pairs (容器里 → 容器, 器里);
English into words with a light stemmer. Both are folded first (NFKC, case, Traditional →
Simplified), so 進程 and 进程 meet. Glossary concepts are added as terms of their own, so
行程, 进程 and "process" meet too. Function words are dropped: they say nothing about the
topic, and keeping them would make "how do I cook rice" look related to "how do I …" FAQs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.core.glossary import Glossary

Fold = Callable[[str], str]
"""Traditional → Simplified; used for matching only (both sides are folded)."""

CONCEPT = "~"
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PIECES = re.compile(rf"(?<![\w-])--?[a-z][a-z0-9-]*|[a-z0-9]+|[{_CJK}]+")
_HAN = re.compile(rf"[{_CJK}]")
ENGLISH_STOP = frozenset(
    """a about above after again all also am an and any are as at be been before being
    between both but by can could did do does doing done down during each even ever every
    for from get gets getting go goes going got had has have having he her here him his how
    i if in into is it its itself just let like ll me might more most much must my myself
    no nor not now of off on once only or other our out over own please re really s same
    say seem she should so some still such t than that the their them then there
    these they thing this those through to too under until up us use used using ve very
    want was way we well were what whats when where whether which while who why will with
    would yes yet you your
    actually basically exactly just really thing things new find explain
    difference different differ mean means meaning happen happens happened
    hey hi hello ok okay lol lmao wtf omg btw tho though gonna wanna gotta kinda sorta nah
    yeah yep ya u ur im ive youre theyre thats theres isnt arent doesnt dont didnt cant
    wont shouldnt wouldnt couldnt hasnt havent stuff literally totally pretty quite guys
    pls plz thanks thx confused anyway anyways someone somebody something anything""".split()  # noqa: SIM905
)
"""Function words, the words that frame a question ("what's the difference", "what
does … mean") rather than say what it is about, and the chat register's fillers and
apostrophe-less contractions ("ok so", "lol", "doesnt")."""
CHAT_FILLERS = frozenset(
    """hey hi hello ok okay lol lmao wtf omg btw tho gonna wanna gotta kinda sorta nah yeah
    yep ya pls plz thanks thx anyway anyways bro ngl tbh idk fr smh dude guys""".split()  # noqa: SIM905
)
"""The chat register's words that say nothing of the question: dropped before its meaning is
taken (a sentence vector is the mean of its words', and "ok so lol" pulls it off topic)."""
_CHAT_WORD = re.compile(r"[a-z]+")


def without_fillers(text: str) -> str:
    """`text` (already folded to lower case) without the chat register's fillers."""
    return _CHAT_WORD.sub(lambda m: "" if m.group(0) in CHAT_FILLERS else m.group(0), text)


CHINESE_STOP = frozenset(
    "的了吗嗎呢吧啊呀么麼什怎为為是在我你他她它们們这這那哪个個些就都也还還和跟与與或及"
    "而且但把被让讓给給对對从從到会會能可以要想请請吧嘛喔哦呃欸诶啦咧吶嗯用呗唄咯嘞哈哇哎噢"
)
"""Characters that carry no topic; Chinese text is cut at them before pairing."""
CHINESE_FRAMING = (
    "怎么回事",
    "怎么办",
    "这俩",
    "那俩",
    "玩意儿",
    "为啥",
    "干啥",
    "是啥",
    "啥玩意",
    "咋回事",
    "咋办",
    "咋整",
    "咋",
    "啥",
    "为什么",
    "怎么样",
    "什么",
    "怎么",
    "怎样",
    "如何",
    "为何",
    "是否",
    "到底",
    "其实",
    "一下",
    "一个",
    "区别",
    "差别",
    "差异",
    "不同",
    "意思",
    "代表",
    "作用",
    "用途",
    "干嘛",
    "干什么",
    "有没有",
    "是不是",
    "会不会",
    "能不能",
    "可不可以",
    "有",
    "哪些",
    "多少",
    "东西",
)
"""Words (Simplified, after folding) that frame a Chinese question; cut out like stop characters."""


@dataclass(frozen=True)
class Options:
    """Switches for measuring what each part is worth (bench/qa.py runs each one off)."""

    fold: bool = True
    glossary: bool = True
    pairs: bool = True
    stem: bool = True
    spelling: bool = True


class Analyzer:
    """One analysis for passages and questions alike, so their terms can meet.

    A glossary form adds its concept as a term (`~process`), so 进程, 行程 and "process"
    meet. English forms are replaced by the concept, so "virtual machine" counts once, not
    three times; Chinese forms keep their character pairs too, because a question written
    in the passage's own words should still count for more (measured: 35 → 39 of 42
    Chinese questions right on the eval set).
    """

    def __init__(
        self, *, fold: Fold, glossary: Glossary | None = None, options: Options = Options()
    ) -> None:
        self._fold = fold if options.fold else _identity
        self.options = options
        self._english: dict[tuple[str, ...], str] = {}
        chinese: dict[str, str] = {}
        if glossary is not None and options.glossary:
            for term in glossary.terms:
                for form in term.en:
                    words = tuple(self._words(self.normalize(form)))
                    if words:
                        self._english.setdefault(words, term.id)
                for form in term.zh:
                    chinese.setdefault(self.normalize(form), term.id)
        self._chinese = chinese
        forms = sorted(chinese, key=len, reverse=True)
        self._chinese_forms = re.compile("|".join(map(re.escape, forms))) if forms else None
        self._longest = max((len(k) for k in self._english), default=0)

    def normalize(self, text: str) -> str:
        return self._fold(unicodedata.normalize("NFKC", text).casefold())

    def terms(self, text: str) -> list[str]:
        """The search terms of a text, repeated as often as they occur."""
        folded = self.normalize(text)
        concepts: list[str] = []
        if self._chinese_forms is not None:
            found = self._chinese_forms.finditer(folded)
            concepts = [CONCEPT + self._chinese[match.group(0)] for match in found]
        words = self._english_concepts(self._words(folded))
        return [*words, *self._pairs(folded), *concepts]

    def _words(self, folded: str) -> list[str]:
        found: list[str] = []
        for piece in _PIECES.findall(folded):
            if _HAN.match(piece):
                continue
            if piece.startswith("-"):
                found.append(piece)
                piece = piece.strip("-")
                found += [stem(w) for w in piece.split("-") if w and w not in ENGLISH_STOP]
                continue
            if piece in ENGLISH_STOP:
                continue
            found.append(stem(piece) if self.options.stem else piece)
        return found

    def _english_concepts(self, words: list[str]) -> list[str]:
        """Replace glossary phrases, longest first, by their concept."""
        out: list[str] = []
        start = 0
        while start < len(words):
            for size in range(min(self._longest, len(words) - start), 0, -1):
                concept = self._english.get(tuple(words[start : start + size]))
                if concept is not None:
                    out.append(CONCEPT + concept)
                    start += size
                    break
            else:
                out.append(words[start])
                start += 1
        return out

    def _pairs(self, folded: str) -> Iterable[str]:
        for run in _PIECES.findall(folded):
            if not _HAN.match(run):
                continue
            for segment in _split(run):
                if len(segment) == 1 or not self.options.pairs:
                    yield from segment
                else:
                    yield from (segment[i : i + 2] for i in range(len(segment) - 1))


def has_chinese(text: str) -> bool:
    return _HAN.search(text) is not None


def stem(word: str) -> str:
    """A light English stemmer: plurals and -ing/-ed, enough to join process/processes."""
    if len(word) < 3 or not word.isalpha():
        return word
    for suffix, keep in (("sses", "ss"), ("ies", "y"), ("xes", "x"), ("ches", "ch")):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)] + keep
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if len(word) <= 4:
        return word
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            root = word[: -len(suffix)]
            if len(root) > 3 and root[-1] == root[-2] and root[-1] not in "lsz":
                root = root[:-1]
            return root
    return word


def _split(run: str) -> list[str]:
    for word in CHINESE_FRAMING:
        run = run.replace(word, " ")
    segments: list[str] = []
    current = ""
    for char in run:
        if char in CHINESE_STOP or char == " ":
            if current:
                segments.append(current)
            current = ""
        else:
            current += char
    if current:
        segments.append(current)
    return segments


def _identity(text: str) -> str:
    return text
