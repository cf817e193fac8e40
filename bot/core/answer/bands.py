"""How sure the tutor must be before it answers, and which entries it may never guess.

A retriever's confidence is a score, not a probability, so it is cut into three bands,
calibrated on the development question sets (bench/qa.py prints precision and recall per
band): above `answer_at` the tutor answers; between `unsure_at` and `answer_at` it says it is
not sure and offers the two best entries; below `unsure_at` it declines with the closest
topics.

An entry whose answer opens with Yes or No (是, 不是, 沒有 …) is right only for its own
question: "No." after "is a container a process?" contradicts the course when the entry was
written for "does a container have its own kernel?". Such an entry is answered only when the
question matches one of the entry's own phrasings closely, or a little less closely but
clearly better than any other entry's phrasings (the lead over the runner-up); otherwise it
can only be offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Band = Literal["answer", "unsure", "decline"]

_ENGLISH_VERDICT = re.compile(r"^\W*(yes|no|nope|yep|not)\b", re.IGNORECASE)
_CHINESE_VERDICTS = frozenset(
    [
        "是",
        "是的",
        "不是",
        "對",
        "對的",
        "不對",
        "对",
        "对的",
        "不对",
        "不",
        "沒有",
        "没有",
        "有",
        "會",
        "会",
        "不會",
        "不会",
        "可以",
        "不可以",
        "不行",
        "能",
        "不能",
        "不用",
        "看不到",
        "看得到",
        "沒錯",
        "没错",
    ]
)
_CLAUSE = re.compile(r"[，,。.；;：:！!？?（(]")


def opens_with_verdict(*answers: str) -> bool:
    """True when any of the texts (an entry's answer, per language) opens with Yes or No."""
    for text in answers:
        stripped = text.strip()
        if _ENGLISH_VERDICT.match(stripped):
            return True
        first = _CLAUSE.split(stripped, maxsplit=1)[0].strip()
        if first in _CHINESE_VERDICTS:
            return True
    return False


@dataclass(frozen=True)
class Bands:
    """The two confidence cuts and how closely a verdict entry's own question must match."""

    answer_at: float
    unsure_at: float
    verdict_match: float
    """The match with one of the entry's own phrasings a Yes/No entry needs to be answered."""
    verdict_floor: float = 1.0
    """A lower match that is enough when the entry leads every other by `verdict_lead`."""
    verdict_lead: float = 1.0
    verdict_meaning: float = 2.0
    """Or this close in meaning (the cosine of sentence vectors) to one of the entry's own
    phrasings; above 1, never (methods without a meaning retriever)."""

    def band(
        self,
        confidence: float,
        *,
        verdict: bool,
        own_match: float,
        lead: float = 0.0,
        meaning_match: float = 0.0,
    ) -> Band:
        if confidence < self.unsure_at:
            return "decline"
        if confidence < self.answer_at or (
            verdict and not self.owns(own_match, lead, meaning_match)
        ):
            return "unsure"
        return "answer"

    def owns(self, own_match: float, lead: float = 0.0, meaning_match: float = 0.0) -> bool:
        """The question is the entry's own: close to one of its phrasings in words or in
        meaning, or nearly as close in words and clearly closer than to any other entry's."""
        if own_match >= self.verdict_match or meaning_match >= self.verdict_meaning:
            return True
        return own_match >= self.verdict_floor and lead >= self.verdict_lead
