"""Start-up checks of the Slack credentials: refuse to serve with tokens that cannot work.

A swapped or wrong token used to start happily and then answer every learner with Bolt's
"please reinstall". So the token shapes are checked first, then `auth.test` is called once
(retried briefly while Slack is unreachable), and its answer serves every request after:
Bolt's own per-request check would otherwise call `auth.test` on the first request and,
if that one call failed, drop the command with an apology.
"""

from __future__ import annotations

import asyncio
import logging

from aiohttp import ClientError
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.logger.messages import (
    warning_client_prioritized_and_token_skipped,
    warning_token_skipped,
)
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

log = logging.getLogger(__name__)
BOT_PREFIX = "xoxb-"
APP_PREFIX = "xapp-"
REJECTED = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)
AUTH_ATTEMPTS = 4
AUTH_PAUSE_SECONDS = 1.0


class StartupError(Exception):
    """One clear line for the operator; serving exits non-zero with it."""


def check_token_shapes(bot_token: str, app_token: str | None) -> None:
    """Name a swapped pair, or a token of the wrong kind, without printing either token."""
    if bot_token.startswith(APP_PREFIX) and (app_token or "").startswith(BOT_PREFIX):
        raise StartupError(
            "SLACK_BOT_TOKEN and SLACK_APP_TOKEN are swapped: the bot token starts with "
            f"{BOT_PREFIX}, the app-level token with {APP_PREFIX}"
        )
    if not bot_token.startswith(BOT_PREFIX):
        raise StartupError(
            f"SLACK_BOT_TOKEN must be a bot token starting with {BOT_PREFIX} "
            f"(it starts with {_kind(bot_token)})"
        )
    if app_token is not None and not app_token.startswith(APP_PREFIX):
        raise StartupError(
            f"SLACK_APP_TOKEN must be an app-level token starting with {APP_PREFIX} "
            f"(it starts with {_kind(app_token)})"
        )


def _kind(token: str) -> str:
    head, dash, _rest = token.partition("-")
    return f"{head}{dash}" if dash and len(head) <= 5 else "something else"


class TokenCheck:
    """`auth.test` once at start-up; its answer authorizes every request after."""

    def __init__(self) -> None:
        self._client: AsyncWebClient | None = None
        self._answer: AsyncSlackResponse | None = None

    def attach(self, client: AsyncWebClient) -> None:
        """The app's Web API client, whose token is checked (`build_app` attaches it)."""
        self._client = client

    async def verify(
        self, *, attempts: int = AUTH_ATTEMPTS, pause: float = AUTH_PAUSE_SECONDS
    ) -> None:
        """Raise StartupError when Slack rejects the token or cannot be reached at all."""
        if self._client is None:
            raise StartupError("no Slack client to check the token with")
        for attempt in range(1, attempts + 1):
            try:
                self._answer = await self._client.auth_test()
                return
            except SlackApiError as error:
                code = str(error.response.get("error"))
                if code in REJECTED:
                    raise StartupError(f"Slack rejected SLACK_BOT_TOKEN: {code}") from None
                problem = code
            except (OSError, TimeoutError, ClientError) as error:  # unreachable: try again
                problem = type(error).__name__
            if attempt < attempts:
                log.warning("auth.test failed (%s); trying again", problem)
                await asyncio.sleep(pause * attempt)
        raise StartupError(f"could not check SLACK_BOT_TOKEN with Slack's auth.test: {problem}")

    async def authorize(self) -> AuthorizeResult:
        """Bolt's `authorize`: the start-up answer, so no request waits on `auth.test`."""
        if self._answer is None:
            await self.verify()
        assert self._answer is not None and self._client is not None
        return AuthorizeResult.from_auth_test_response(
            auth_test_response=self._answer, bot_token=self._client.token
        )


class QuietTokenNotes(logging.Filter):
    """Bolt warns that a given client and `authorize` make it skip the token: we mean it."""

    EXPECTED = frozenset({warning_client_prioritized_and_token_skipped(), warning_token_skipped()})

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self.EXPECTED


def quiet_bolt_token_notes() -> None:
    bolt = logging.getLogger("slack_bolt.AsyncApp")
    if not any(isinstance(f, QuietTokenNotes) for f in bolt.filters):
        bolt.addFilter(QuietTokenNotes())
