"""Logging that can never print a secret, and that nobody can flood.

Redaction happens in the Formatter, on the finished line, so a traceback, a stack and the
arguments of a message are all covered, not only the message text. Known secret values, Slack
token shapes and the password in a database URL are replaced. Identical lines, and lines from
one template, are rate-limited, so a stream of bad requests costs a few lines, not one each.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import Literal

TOKEN_SHAPE = re.compile(r"\bxox[abposre]-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+")
URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^:/@\s]+:)[^@\s/]+@", re.IGNORECASE)
REDACTED = "[redacted]"
LogFormat = Literal["text", "json"]
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def redactor(secrets: Iterable[str]) -> Callable[[str], str]:
    """A function that removes every secret this process knows of from a piece of text."""
    known = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    def redact(text: str) -> str:
        clean = TOKEN_SHAPE.sub(REDACTED, text)
        clean = URL_PASSWORD.sub(lambda m: f"{m.group('head')}{REDACTED}@", clean)
        for secret in known:
            clean = clean.replace(secret, REDACTED)
        return clean

    return redact


class RedactingFormatter(logging.Formatter):
    """Formats a record as text or as one JSON object a line, then redacts the result."""

    def __init__(self, secrets: Iterable[str] = (), *, fmt: LogFormat = "text") -> None:
        super().__init__(TEXT_FORMAT)
        self._redact = redactor(secrets)
        self._json = fmt == "json"

    def format(self, record: logging.LogRecord) -> str:
        if not self._json:
            return self._redact(super().format(record))
        payload: dict[str, str] = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            payload["stack"] = self.formatStack(record.stack_info)
        return json.dumps({k: self._redact(v) for k, v in payload.items()}, ensure_ascii=False)


class Throttle(logging.Filter):
    """Lets through at most `per_line` copies of one line and `per_template` lines of one
    template in each `window` seconds; the first line after a quiet spell says how many
    were dropped."""

    def __init__(self, *, window: float = 10.0, per_line: int = 1, per_template: int = 20) -> None:
        super().__init__()
        self._window = window
        self._limits = (per_line, per_template)
        self._seen: dict[tuple[object, ...], tuple[float, int, int]] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        line = ("line", record.name, record.levelno, record.getMessage())
        template = ("template", record.name, record.levelno, str(record.msg))
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 10_000:
                self._seen.clear()
            # a repeat of a line already shown does not use up its template's allowance,
            # so a flood of one kind of line cannot hide a different one
            verdicts = [self._count(line, self._limits[0], now)]
            if verdicts[0][0]:
                verdicts.append(self._count(template, self._limits[1], now))
        allowed = all(ok for ok, _ in verdicts)
        dropped = max(d for _, d in verdicts)
        if allowed and dropped:
            record.msg = f"{record.getMessage()} ({dropped} similar lines suppressed)"
            record.args = None
        return allowed

    def _count(self, key: tuple[object, ...], limit: int, now: float) -> tuple[bool, int]:
        start, count, dropped = self._seen.get(key, (now, 0, 0))
        if now - start >= self._window:
            start, count = now, 0
        if count >= limit:
            self._seen[key] = (start, count, dropped + 1)
            return False, 0
        self._seen[key] = (start, count + 1, 0)
        return True, dropped


def configure(*, level: str = "INFO", secrets: Iterable[str] = (), fmt: LogFormat = "text") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(secrets, fmt=fmt))
    handler.addFilter(Throttle())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("slack_sdk").setLevel(max(logging.INFO, root.level))
    logging.getLogger("alembic").setLevel(max(logging.WARNING, root.level))
