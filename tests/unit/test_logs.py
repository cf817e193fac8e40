"""Logs never show a secret, even in a traceback, and a flood of one line costs one line."""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Iterator

import pytest

from bot.logs import RedactingFormatter, Throttle

SECRET = "s3cr3t-signing-value"
DB_URL = "postgresql+psycopg://tutor:hunter2pass@db.internal/tutor"


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, io.StringIO, logging.Handler]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter([SECRET]))
    logger = logging.getLogger(f"test-logs-{id(stream)}")
    logger.addHandler(handler)
    logger.propagate = False
    yield logger, stream, handler
    logger.removeHandler(handler)


def test_a_traceback_is_redacted_not_only_the_message(captured: tuple) -> None:
    logger, stream, _ = captured
    try:
        raise RuntimeError(f"cannot connect to {DB_URL} with token xoxb-123-456-abc and {SECRET}")
    except RuntimeError:
        logger.exception("store failed")
    text = stream.getvalue()
    assert "Traceback" in text
    assert "hunter2pass" not in text and SECRET not in text and "xoxb-123" not in text
    assert "postgresql+psycopg://tutor:[redacted]@db.internal/tutor" in text


def test_arguments_are_redacted_too(captured: tuple) -> None:
    logger, stream, _ = captured
    logger.warning("token %s at %s", "xapp-1-A0-zzz", DB_URL)
    assert "xapp-1" not in stream.getvalue() and "hunter2pass" not in stream.getvalue()


def test_json_lines_are_one_object_each_and_redacted() -> None:
    formatter = RedactingFormatter([SECRET], fmt="json")
    try:
        raise ValueError(SECRET)
    except ValueError:
        import sys

        record = logging.LogRecord(
            "bot", logging.ERROR, __file__, 1, "bad %s", (SECRET,), sys.exc_info()
        )
    line = formatter.format(record)
    payload = json.loads(line)
    assert "\n" not in line
    assert payload["level"] == "ERROR" and payload["logger"] == "bot"
    assert payload["message"] == "bad [redacted]"
    assert "ValueError: [redacted]" in payload["exception"]


def test_a_flood_of_one_line_is_cut_to_one_line_per_window(captured: tuple) -> None:
    logger, stream, handler = captured
    throttle = Throttle(window=60.0)
    handler.addFilter(throttle)
    for _ in range(500):
        logger.warning("unsigned request from %s", "203.0.113.9")
    assert stream.getvalue().count("unsigned request") == 1


def test_after_the_window_the_next_line_says_how_many_were_dropped(captured: tuple) -> None:
    logger, stream, handler = captured
    handler.addFilter(Throttle(window=0.05))
    for _ in range(5):
        logger.warning("same line")
    time.sleep(0.06)
    logger.warning("same line")
    assert "(4 similar lines suppressed)" in stream.getvalue()


def test_different_lines_of_one_template_pass_up_to_the_template_limit(captured: tuple) -> None:
    logger, stream, handler = captured
    handler.addFilter(Throttle(window=60.0, per_template=3))
    for n in range(10):
        logger.warning("bad request %d", n)
    assert stream.getvalue().count("bad request") == 3


def test_a_flood_of_one_line_does_not_hide_a_different_line(captured: tuple) -> None:
    logger, stream, handler = captured
    handler.addFilter(Throttle(window=60.0, per_template=3))
    for _ in range(100):
        logger.warning("refused: %s", "bad signature")
    logger.warning("refused: %s", "body is not UTF-8")
    assert stream.getvalue().count("bad signature") == 1
    assert stream.getvalue().count("body is not UTF-8") == 1
