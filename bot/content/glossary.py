"""Load `lessons/glossary.yaml`, reporting problems as `file:line: message` like lessons."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from bot.content.yaml_source import (
    LessonError,
    YamlDocument,
    read_document,
    validation_problem,
)
from bot.core.course import Problem
from bot.core.glossary import GLOSSARY_FILE, Glossary, check_glossary


def glossary_path(directory: Path) -> Path:
    return directory / GLOSSARY_FILE


def check_glossary_file(path: Path) -> tuple[Glossary | None, list[Problem]]:
    """Validate one glossary file; a missing file is fine (the tutor then has no glossary)."""
    name = str(path)
    if not path.is_file():
        return None, []
    document = read_document(path)
    if not isinstance(document, YamlDocument):
        return None, [document]
    if not isinstance(document.data, dict):
        return None, [Problem(file=name, line=1, message="the glossary must be a mapping")]
    try:
        glossary = Glossary.model_validate(document.data)
    except ValidationError as error:
        return None, [validation_problem(name, document.lines, e) for e in error.errors()]
    problems = check_glossary(glossary, document.lines, name)
    return (None if problems else glossary), problems


def load_glossary(directory: Path) -> Glossary | None:
    """The glossary beside the lessons, or None when there is none; raise on problems."""
    glossary, problems = check_glossary_file(glossary_path(directory))
    if problems:
        raise LessonError(problems)
    return glossary
