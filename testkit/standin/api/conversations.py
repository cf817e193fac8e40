"""`conversations.open`: a DM is `D` + the user id, a group DM `G` + the user ids."""

from __future__ import annotations

from typing import Any

from ..workspace import Workspace


def open_(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    users = [u for u in str(args.get("users", "")).split(",") if u]
    if args.get("channel"):
        return {"ok": True, "channel": {"id": str(args["channel"])}}
    if not users:
        return {"ok": False, "error": "users_list_not_supplied"}
    if len(users) > 1:
        return {"ok": True, "channel": {"id": "G" + "".join(users)}}
    return {"ok": True, "channel": {"id": "D" + users[0]}}
