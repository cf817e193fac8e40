"""Load `lessons/glossary.yaml`, reporting problems as `file:line: message` like lessons."""

from __future__ import annotations

from pathlib import Path

from bot.content.yaml_source import LessonError, check_optional_file
from bot.core.course import Problem
from bot.core.glossary import GLOSSARY_FILE, Glossary, check_glossary


def glossary_path(directory: Path) -> Path:
    return directory / GLOSSARY_FILE


def check_glossary_file(path: Path) -> tuple[Glossary | None, list[Problem]]:
    """Validate one glossary file; a missing file is fine (the tutor then has no glossary)."""
    return check_optional_file(path, Glossary, check_glossary, what="the glossary")


def load_glossary(directory: Path) -> Glossary | None:
    """The glossary beside the lessons, or None when there is none; raise on problems."""
    glossary, problems = check_glossary_file(glossary_path(directory))
    if problems:
        raise LessonError(problems)
    return glossary
