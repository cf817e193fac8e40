"""A local stand-in for Slack, for end-to-end tests of the bot without Slack."""

from .limits import Verdict, check_message, check_phone, check_view
from .records import RESPONSE_URL, UPLOAD, ApiCall
from .server import SlackStandIn
from .signing import ACK_DEADLINE_SECONDS, BotResponse, sign
from .workspace import APP_ID, BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID, UploadedFile

__all__ = [
    "ACK_DEADLINE_SECONDS",
    "APP_ID",
    "BOT_ID",
    "BOT_USER_ID",
    "RESPONSE_URL",
    "TEAM_DOMAIN",
    "TEAM_ID",
    "UPLOAD",
    "ApiCall",
    "BotResponse",
    "SlackStandIn",
    "UploadedFile",
    "Verdict",
    "check_message",
    "check_phone",
    "check_view",
    "sign",
]
