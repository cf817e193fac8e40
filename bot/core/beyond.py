"""What learners ask that the course does not teach, so the tutor can tell it apart.

"What is a namespace in Python?" shares its key word with the lesson on Linux namespaces,
and "Dockerfile COPY vs ADD" is about Docker, but the course answers neither. Each topic
here lists a few ways such questions are asked; a question closer in meaning to one of them
than to the phrasings of the entry it would get is declined (`bot/core/answer/service.py`).
It is course data (`lessons/beyond.yaml`), validated like the glossary.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bot.core.course import Ident, Phrasings, Problem, Strict

BEYOND_FILE = "beyond.yaml"


class Topic(Strict):
    """One subject the course leaves to others, and how learners ask about it."""

    id: Ident = Field(description="The subject, e.g. `dockerfile-authoring`.")
    questions: Phrasings = Field(description="Ways learners ask about it, per language.")


class Beyond(Strict):
    """The whole file."""

    format_version: Literal[1] = Field(description="Schema version of this file.")
    kind: Literal["beyond"] = Field(description="Tells this file from a lesson file.")
    topics: list[Topic] = Field(min_length=1)


LinePath = tuple[str | int, ...]


def check_beyond(beyond: Beyond, lines: dict[LinePath, int], file: str) -> list[Problem]:
    """Duplicate topic ids."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, topic in enumerate(beyond.topics):
        line = lines.get(("topics", index, "id"), 1)
        if topic.id in seen:
            message = f"duplicate topic id '{topic.id}' (first at line {seen[topic.id]})"
            problems.append(Problem(file=file, line=line, message=message))
        seen.setdefault(topic.id, line)
    return problems
