"""Emphasis in the neutral text, and how to take it out without leaving spaces behind.

Replies are Slack-flavoured Markdown. Slack only sees `*bold*` with a space or punctuation
on each side, so Chinese text writes `用映像 *新建* 一個容器`. Where the stars go (the
terminal, a notification's plain text), those spaces must go too, or the reader sees
`用映像 新建 一個容器`. Spaces between Chinese and Latin text stay: they are typography.
"""

from __future__ import annotations

import re

CJK = r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
"""Chinese characters and the full-width punctuation written with them."""
_BEFORE = re.compile(rf"(?<={CJK}) (?=\*{CJK})")
_AFTER = re.compile(rf"(?<={CJK}\*) (?={CJK})")


def tighten(text: str) -> str:
    """Drop the spaces Slack needed around emphasis that sits between Chinese characters."""
    return _AFTER.sub("", _BEFORE.sub("", text))


def plain(text: str) -> str:
    """The text without emphasis or code marks, as a notification or a file shows it."""
    return tighten(text).replace("*", "").replace("`", "")
