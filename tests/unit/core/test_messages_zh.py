"""The message catalogue speaks Chinese in every Chinese entry, and has both languages."""

from __future__ import annotations

import string

import pytest

from bot.core.emphasis import plain
from bot.core.messages import BUTTONS, HELP, MESSAGES, STATES, VIEW_TITLES
from tests.unit.every_reply import english_words

CATALOGUE = {
    **{f"message {k}": v for k, v in MESSAGES.items()},
    **{f"button {k}": v for k, v in BUTTONS.items()},
    **{f"help {usage}": text for usage, text in HELP},
    **{f"view {k}": v for k, v in VIEW_TITLES.items()},
    **{f"state {k}": v for k, v in STATES.items()},
}


def filled(template: str) -> str:
    """The template with each placeholder given a number, which any format spec accepts."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return template.format(**dict.fromkeys(names, 7.0))


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_each_entry_has_both_languages_and_its_chinese_is_chinese(key: str) -> None:
    entry = CATALOGUE[key]
    assert set(entry) == {"en", "zh"} and all(entry.values())
    assert english_words(filled(entry["zh"]), set()) == []


def test_the_check_finds_the_english_entries() -> None:
    english = [key for key, entry in CATALOGUE.items() if english_words(filled(entry["en"]), set())]
    assert len(english) > len(CATALOGUE) // 2
    assert plain("用映像 *新建* 一個容器") == "用映像新建一個容器"
