"""A Slack locale → the Chinese script its readers expect (zh-CN → Simplified).

Used for questions whose characters show neither script ("pid namespace 是啥"): they are
answered in the learner's own script, and before a learner's first telling question, the
one their Slack locale suggests.
"""

from __future__ import annotations

from bot.core.answer.replies import Script

SIMPLIFIED = ("zh-cn", "zh-sg", "zh-hans", "zh-my")


def locale_script(locale: str) -> Script | None:
    """zh-CN, zh-SG, zh-Hans → Simplified; any other zh-* → Traditional; else None."""
    tag = locale.replace("_", "-").lower()
    if not tag.startswith("zh"):
        return None
    return "zh-Hans" if tag.startswith(SIMPLIFIED) else "zh-Hant"
