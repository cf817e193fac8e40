"""The events URL's gate reads a body the way Bolt will, and refuses what Bolt cannot read."""

from __future__ import annotations

import pytest

from bot.slack.gate import shape_problem

FORM = "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    ("body", "content_type", "problem"),
    [
        ("", FORM, None),
        ("token=t&text=run&user_id=U1", FORM, None),
        ('payload={"type": "block_actions"}', FORM, None),
        ('{"type": "event_callback"}', "application/json", None),
        ('{"type": "event_callback"}', FORM, None),  # Bolt reads a leading { as JSON
        ("{not json", "application/json", "body is not JSON"),
        ("[1, 2]", "application/json", "body is not a JSON object"),
        ("{oops", FORM, "body is not JSON"),
        ("payload=%7Bnot-json", FORM, "payload is not JSON"),
        ("payload=%5B%5D", FORM, "payload is not a JSON object"),
        ("text=my+payload+is+fine", FORM, None),  # the word alone is no payload field
    ],
)
def test_shape_problem_mirrors_bolts_parser(
    body: str, content_type: str, problem: str | None
) -> None:
    assert shape_problem(body, content_type) == problem
