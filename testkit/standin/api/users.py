"""`users.info`: `locale` only with `include_locale=true`, as Slack does."""

from __future__ import annotations

from typing import Any

from ..workspace import BOT_USER_ID, TEAM_ID, Workspace, truthy


def info(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    user_id = str(args.get("user", ""))
    if not user_id:
        return {"ok": False, "error": "user_not_found"}
    user: dict[str, Any] = {
        "id": user_id,
        "team_id": TEAM_ID,
        "name": user_id.lower(),
        "real_name": f"User {user_id}",
        "deleted": False,
        "is_bot": user_id == BOT_USER_ID,
        "tz": "Europe/London",
        "tz_offset": 0,
        "profile": {"display_name": user_id.lower(), "real_name": f"User {user_id}"},
    }
    if truthy(args.get("include_locale")):  # Slack omits it otherwise
        user["locale"] = ws.locale_of(user_id)
    return {"ok": True, "user": user}
