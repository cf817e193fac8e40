"""The Web API methods the stand-in answers, by family; each returns Slack's JSON answer.

Every method runs with the workspace's lock held and takes the call's parsed arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..workspace import Workspace
from . import auth, chat, conversations, files, users, views

Method = Callable[[Workspace, dict[str, Any]], dict[str, Any]]

METHODS: dict[str, Method] = {
    "auth.test": auth.test,
    "chat.postMessage": chat.post_message,
    "chat.update": chat.update,
    "chat.postEphemeral": chat.post_ephemeral,
    "chat.delete": chat.delete,
    "conversations.open": conversations.open_,
    "views.publish": views.publish,
    "views.open": views.open_,
    "users.info": users.info,
    "files.getUploadURLExternal": files.get_upload_url,
    "files.completeUploadExternal": files.complete_upload,
}
