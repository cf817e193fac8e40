"""Learner text quoted in a Slack reply is escaped; the sentence around it is not."""

from __future__ import annotations

from bot.core.grammar import parse
from bot.core.replies import Help, Notice
from bot.slack.blocks import dispatch
from bot.slack.blocks.kit import Origin, escape, notice_text
from testkit.fakes import fake_tutor


def test_the_three_control_characters_are_escaped() -> None:
    assert escape("<!everyone> & <@U1|bob>") == "&lt;!everyone&gt; &amp; &lt;@U1|bob&gt;"


def test_a_notice_escapes_what_it_quotes_and_keeps_its_own_markup() -> None:
    notice = Notice("unknown_demo", {"name": "<!here>", "known": "nginx"}, True)
    assert notice_text(notice) == "There is no demo called '&lt;!here&gt;'. Demos: nginx."


def test_an_unknown_word_is_inert_in_the_help_menu_and_its_fallback() -> None:
    reply = fake_tutor().handle("U1", parse("<@U123> hi"))
    assert isinstance(reply, Help)
    message = dispatch.message(reply, Origin(owner="U1", channel="C1"))
    shown = str(message.blocks) + message.text
    assert "&lt;@U123&gt;" in shown
    assert "<@U123>" not in shown
    assert "`help`" in message.text  # the sentence's own markup is untouched
