"""`views.publish` (App Home) and `views.open` (a modal: a trigger id works once, briefly)."""

from __future__ import annotations

import time
from typing import Any

from ..limits import check_view
from ..workspace import Workspace
from .verdicts import rejection


def publish(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    user_id = args.get("user_id")
    if not user_id:
        return {"ok": False, "error": "invalid_arguments"}
    verdict = check_view(args.get("view"), home_only=True)
    if not verdict.ok:
        return rejection(verdict)
    view = ws.stored_view(args["view"])
    ws.home_views[str(user_id)] = view
    return {"ok": True, "view": view}


def open_(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    trigger = str(args.get("trigger_id", ""))
    if trigger not in ws.triggers:
        used = any(c.ok and c.args.get("trigger_id") == trigger for c in ws.log.calls("views.open"))
        return {"ok": False, "error": "exchanged_trigger_id" if used else "invalid_trigger_id"}
    issued = ws.triggers[trigger]
    if ws.trigger_ttl is not None and time.monotonic() - issued > ws.trigger_ttl:
        return {"ok": False, "error": "expired_trigger_id"}
    verdict = check_view(args.get("view"))
    if not verdict.ok:
        return rejection(verdict)
    del ws.triggers[trigger]
    return {"ok": True, "view": ws.stored_view(args["view"])}
