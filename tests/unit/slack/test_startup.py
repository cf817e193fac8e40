"""Token shapes are checked before anything starts; the message names, never prints, them."""

from __future__ import annotations

import pytest

from bot.slack.startup import StartupError, check_token_shapes


def test_good_tokens_pass() -> None:
    check_token_shapes("xoxb-1-abc", None)
    check_token_shapes("xoxb-1-abc", "xapp-1-def")


@pytest.mark.parametrize(
    ("bot", "app", "said"),
    [
        ("xapp-1-abc", "xoxb-1-def", "SLACK_BOT_TOKEN and SLACK_APP_TOKEN are swapped"),
        ("xapp-1-abc", None, "(it starts with xapp-)"),
        ("xoxp-1-abc", None, "(it starts with xoxp-)"),
        ("secret-but-no-prefix-at-all", None, "(it starts with something else)"),
        ("xoxb-1-abc", "xoxb-1-def", "SLACK_APP_TOKEN must be an app-level token"),
    ],
)
def test_wrong_tokens_are_named_without_being_shown(bot: str, app: str | None, said: str) -> None:
    with pytest.raises(StartupError) as refused:
        check_token_shapes(bot, app)
    assert said in str(refused.value)
    assert "abc" not in str(refused.value) and "def" not in str(refused.value)
