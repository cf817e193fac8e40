"""Terminal links: signed, bound to a learner and a container, single use, ten minutes."""

from __future__ import annotations

from bot.web.tokens import Grant, TerminalTokens

ALICE = Grant(learner="U1", container="c1")


def test_a_token_opens_once() -> None:
    tokens = TerminalTokens()
    token = tokens.mint(ALICE)
    assert tokens.redeem(token) == ALICE
    assert tokens.redeem(token) is None


def test_a_token_expires_after_ten_minutes() -> None:
    now = [1000.0]
    tokens = TerminalTokens(clock=lambda: now[0])
    late, fresh = tokens.mint(ALICE), tokens.mint(ALICE)
    now[0] += 599
    assert tokens.redeem(fresh) == ALICE
    now[0] += 2
    assert tokens.redeem(late) is None


def test_a_forged_or_altered_token_is_refused() -> None:
    tokens = TerminalTokens(secret=b"k" * 32)
    body, _, signature = tokens.mint(ALICE).partition(".")
    other = TerminalTokens(secret=b"x" * 32).mint(Grant(learner="U2", container="c1"))
    assert tokens.redeem(other) is None
    assert tokens.redeem(f"{body}x.{signature}") is None
    assert tokens.redeem(f"{body}.") is None
    assert tokens.redeem("garbage") is None


def test_a_ticket_is_taken_once() -> None:
    tokens = TerminalTokens()
    ticket = tokens.ticket(ALICE)
    assert tokens.take_ticket(ticket) == ALICE
    assert tokens.take_ticket(ticket) is None


def test_the_learners_language_travels_signed_with_the_link() -> None:
    tokens = TerminalTokens()
    chinese = Grant(learner="U1", container="c1", lang="zh")
    assert tokens.redeem(tokens.mint(chinese)) == chinese
    assert tokens.redeem(tokens.mint(ALICE)) == ALICE  # English unless told
