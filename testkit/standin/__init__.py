"""A local stand-in for Slack, for end-to-end tests of the bot without Slack."""

from .limits import Verdict, check_message, check_view
from .server import RESPONSE_URL, UPLOAD, ApiCall, SlackStandIn, UploadedFile
from .signing import ACK_DEADLINE_SECONDS, BotResponse, sign

__all__ = [
    "ACK_DEADLINE_SECONDS",
    "RESPONSE_URL",
    "UPLOAD",
    "ApiCall",
    "BotResponse",
    "SlackStandIn",
    "UploadedFile",
    "Verdict",
    "check_message",
    "check_view",
    "sign",
]
