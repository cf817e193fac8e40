"""Slack locales tell which Chinese script a learner reads."""

from __future__ import annotations

import pytest

from bot.slack.locale_script import locale_script


@pytest.mark.parametrize(
    ("locale", "script"),
    [
        ("zh-CN", "zh-Hans"),
        ("zh_SG", "zh-Hans"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("en-US", None),
        ("", None),
    ],
)
def test_slack_locales_map_to_scripts(locale: str, script: str | None) -> None:
    assert locale_script(locale) == script
