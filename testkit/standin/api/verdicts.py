"""Slack's answer when a payload breaks a limit, or passes with warnings."""

from __future__ import annotations

from typing import Any

from ..limits import Verdict


def rejection(verdict: Verdict) -> dict[str, Any]:
    answer: dict[str, Any] = {"ok": False, "error": verdict.error}
    if verdict.messages:
        answer["response_metadata"] = {"messages": verdict.messages}
    return answer


def with_warnings(answer: dict[str, Any], verdict: Verdict) -> dict[str, Any]:
    if verdict.warnings:
        answer["warning"] = ",".join(verdict.warnings)
        answer["response_metadata"] = {"warnings": verdict.warnings}
    return answer
