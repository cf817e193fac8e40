"""In Chinese, every Slack message is Chinese: no English but command output, code and names.

The same replies rendered in English contain the words these tests look for, so a string
that misses its translation cannot hide.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.core.emphasis import CJK
from bot.core.lang import Lang
from bot.core.quiz.replies import ProgressShown
from bot.slack.blocks import dispatch, kit, menu
from bot.slack.blocks.quiz import home_with_progress
from tests.unit.every_reply import english_words, every_reply, output_words, tutor

ORIGIN = kit.Origin(owner="U1", channel="C1", dm="D1")
STRAY_SPACE = re.compile(rf"{CJK} +{CJK}")


def texts(value: Any) -> list[str]:
    """Every text a person reads in a payload: sections, fields, context, buttons, options."""
    found: list[str] = []
    if isinstance(value, dict):
        if isinstance(value.get("text"), str) and value.get("type") in ("mrkdwn", "plain_text"):
            found.append(value["text"])
        for key, item in value.items():
            if key not in ("value", "action_id", "block_id", "url"):
                found += texts(item)
    elif isinstance(value, list):
        for item in value:
            found += texts(item)
    return found


def rendered(lang: Lang) -> list[tuple[str, list[str], set[str]]]:
    shown = []
    for typed, reply in every_reply(lang):
        message = dispatch.message(reply, ORIGIN)
        parts = [message.text, *texts(message.blocks)]
        shown.append((typed, parts, output_words(reply) | echoed(typed)))
    lessons = tutor().course.lessons
    home = menu.home_view(lessons, lang, owner="U1")
    progress = next(r for _, r in every_reply(lang) if isinstance(r, ProgressShown))
    shown.append(("App Home", texts(home_with_progress(home, progress)), set()))
    shown.append(("progress", [kit.progress("…").text], set()))
    return shown


@pytest.fixture(scope="module")
def chinese() -> list[tuple[str, list[str], set[str]]]:
    return rendered("zh")


def test_every_reply_type_in_chinese_has_no_stray_english(
    chinese: list[tuple[str, list[str], set[str]]],
) -> None:
    problems = {
        typed: words
        for typed, parts, allowed in chinese
        if (words := sorted({w for part in parts for w in english_words(part, allowed)}))
    }
    assert problems == {}


def test_the_same_check_finds_english_in_the_english_replies() -> None:
    english = rendered("en")
    caught = [
        typed for typed, parts, allowed in english if any(english_words(p, allowed) for p in parts)
    ]
    assert len(caught) >= len(english) - 2  # nearly every English reply has a word of ours


def test_no_stray_spaces_where_markup_was_removed(
    chinese: list[tuple[str, list[str], set[str]]],
) -> None:
    """A notification's plain text drops the stars of `用映像 *新建* 一個容器`, and the spaces
    Slack needed around them: never `用映像 新建 一個容器`."""
    problems = {
        typed: found
        for typed, parts, _ in chinese
        if (found := STRAY_SPACE.findall(kit.plain(parts[0])))
    }
    assert problems == {}
    assert STRAY_SPACE.findall("用映像 新建 一個容器")  # the check itself can fail


def echoed(typed: str) -> set[str]:
    """What the learner typed comes back in some replies (`I don't know 'tpo'`)."""
    return {w.lower() for w in typed.split()}
