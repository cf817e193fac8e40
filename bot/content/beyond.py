"""Load `lessons/beyond.yaml`, reporting problems as `file:line: message` like lessons."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from bot.content.yaml_source import (
    LessonError,
    YamlDocument,
    read_document,
    validation_problem,
)
from bot.core.beyond import BEYOND_FILE, Beyond, check_beyond
from bot.core.course import Problem


def beyond_path(directory: Path) -> Path:
    return directory / BEYOND_FILE


def check_beyond_file(path: Path) -> tuple[Beyond | None, list[Problem]]:
    """Validate the file; a missing file is fine (the tutor then knows no such topics)."""
    name = str(path)
    if not path.is_file():
        return None, []
    document = read_document(path)
    if not isinstance(document, YamlDocument):
        return None, [document]
    if not isinstance(document.data, dict):
        return None, [Problem(file=name, line=1, message="the file must be a mapping")]
    try:
        beyond = Beyond.model_validate(document.data)
    except ValidationError as error:
        return None, [validation_problem(name, document.lines, e) for e in error.errors()]
    problems = check_beyond(beyond, document.lines, name)
    return (None if problems else beyond), problems


def load_beyond(directory: Path) -> Beyond | None:
    """The topics beside the lessons, or None when there is no file; raise on problems."""
    beyond, problems = check_beyond_file(beyond_path(directory))
    if problems:
        raise LessonError(problems)
    return beyond
