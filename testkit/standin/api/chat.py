"""`chat.*`: post, update, post ephemerally and delete, within Slack's message limits."""

from __future__ import annotations

from typing import Any

from ..limits import check_message
from ..workspace import BOT_USER_ID, Workspace
from .verdicts import rejection, with_warnings


def post_message(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    if not args.get("channel"):
        return {"ok": False, "error": "channel_not_found"}
    verdict = check_message(args)
    if not verdict.ok:
        return rejection(verdict)
    channel = ws.resolve_channel(str(args["channel"]))
    message = ws.bot_message(ws.new_ts(), text=args.get("text") or "", blocks=args.get("blocks"))
    if args.get("thread_ts"):
        message["thread_ts"] = str(args["thread_ts"])
    ws.messages.setdefault(channel, []).append(message)
    return with_warnings(
        {"ok": True, "channel": channel, "ts": message["ts"], "message": dict(message)},
        verdict,
    )


def update(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    channel = ws.resolve_channel(str(args.get("channel", "")))
    message = ws.find_message(channel, str(args.get("ts", "")))
    if message is None:
        return {"ok": False, "error": "message_not_found"}
    verdict = check_message(args)
    if not verdict.ok:
        return rejection(verdict)
    message["text"] = args.get("text") or ""
    if "blocks" in args:  # omitted blocks are kept, like Slack does
        message["blocks"] = args["blocks"]
    message["edited"] = {"user": BOT_USER_ID, "ts": ws.new_ts()}
    return with_warnings(
        {
            "ok": True,
            "channel": channel,
            "ts": message["ts"],
            "text": message["text"],
            "message": dict(message),
        },
        verdict,
    )


def post_ephemeral(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    if not args.get("channel"):
        return {"ok": False, "error": "channel_not_found"}
    if not args.get("user"):
        return {"ok": False, "error": "user_not_in_channel"}
    verdict = check_message(args)
    if not verdict.ok:
        return rejection(verdict)
    return with_warnings({"ok": True, "message_ts": ws.new_ts()}, verdict)


def delete(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    channel = ws.resolve_channel(str(args.get("channel", "")))
    ts = str(args.get("ts", ""))
    message = ws.find_message(channel, ts)
    if message is None:
        return {"ok": False, "error": "message_not_found"}
    ws.messages[channel].remove(message)
    return {"ok": True, "channel": channel, "ts": ts}
