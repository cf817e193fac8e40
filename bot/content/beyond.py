"""Load `lessons/beyond.yaml`, reporting problems as `file:line: message` like lessons."""

from __future__ import annotations

from pathlib import Path

from bot.content.yaml_source import LessonError, check_optional_file
from bot.core.beyond import BEYOND_FILE, Beyond, check_beyond
from bot.core.course import Problem


def beyond_path(directory: Path) -> Path:
    return directory / BEYOND_FILE


def check_beyond_file(path: Path) -> tuple[Beyond | None, list[Problem]]:
    """Validate the file; a missing file is fine (the tutor then knows no such topics)."""
    return check_optional_file(path, Beyond, check_beyond, what="the file")


def load_beyond(directory: Path) -> Beyond | None:
    """The topics beside the lessons, or None when there is no file; raise on problems."""
    beyond, problems = check_beyond_file(beyond_path(directory))
    if problems:
        raise LessonError(problems)
    return beyond
