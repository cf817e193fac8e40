"""Where *Open a terminal* links come from: set once by `serve` when it serves HTTP or knows
its public address, read by the Slack message builders (no link when it is not set)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.lang import Lang
from bot.web.tokens import Grant, TerminalTokens

PATH = "/terminal/"


@dataclass(frozen=True)
class TerminalLinks:
    base_url: str
    tokens: TerminalTokens

    def link(self, learner: str, container: str, lang: Lang = "en") -> str:
        token = self.tokens.mint(Grant(learner=learner, container=container, lang=lang))
        return f"{self.base_url.rstrip('/')}{PATH}{token}"


_current: TerminalLinks | None = None


def configure(links: TerminalLinks | None) -> None:
    global _current
    _current = links


def current() -> TerminalLinks | None:
    return _current
