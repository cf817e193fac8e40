"""`files.getUploadURLExternal` and `files.completeUploadExternal`: Slack's two-step upload."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..workspace import BOT_USER_ID, UploadedFile, Workspace

MAX_ALT_TXT = 1000
"""Slack answers `alt_txt_too_large` beyond it."""


def get_upload_url(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    filename, length = args.get("filename"), args.get("length")
    if not filename or length is None or not str(length).isdigit():
        return {"ok": False, "error": "invalid_arguments"}
    if int(length) == 0:
        return {"ok": False, "error": "missing_argument"}
    alt_txt = args.get("alt_txt")
    if alt_txt is not None and len(str(alt_txt)) > MAX_ALT_TXT:
        return {"ok": False, "error": "alt_txt_too_large"}
    file_id = f"F{ws.next_number():08d}"
    ws.files[file_id] = UploadedFile(
        id=file_id,
        filename=str(filename),
        length=int(length),
        alt_txt=str(alt_txt) if alt_txt is not None else None,
    )
    return {"ok": True, "upload_url": f"{ws.base_url}/upload/{file_id}", "file_id": file_id}


def complete_upload(ws: Workspace, args: dict[str, Any]) -> dict[str, Any]:
    entries = args.get("files")
    if not isinstance(entries, list) or not entries:
        return {"ok": False, "error": "invalid_arguments"}
    channel = args.get("channel_id") or None
    done: list[dict[str, Any]] = []
    for entry in entries:
        stored = ws.files.get(str(entry.get("id"))) if isinstance(entry, dict) else None
        if stored is None or stored.data is None:
            return {"ok": False, "error": "file_not_found"}
        title = entry.get("title") or stored.filename
        ws.files[stored.id] = replace(stored, title=title, channel_id=channel)
        done.append(
            {
                "id": stored.id,
                "name": stored.filename,
                "title": title,
                "alt_txt": stored.alt_txt,
                "size": len(stored.data),
                "user": BOT_USER_ID,
                "channels": [channel] if channel else [],
            }
        )
    if channel:
        message = ws.bot_message(ws.new_ts(), text=args.get("initial_comment") or "", blocks=None)
        message["files"] = done
        if args.get("thread_ts"):
            message["thread_ts"] = str(args["thread_ts"])
        ws.messages.setdefault(ws.resolve_channel(str(channel)), []).append(message)
    return {"ok": True, "files": done}
