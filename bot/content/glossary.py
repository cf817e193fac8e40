"""Load `lessons/glossary.yaml`, reporting problems as `file:line: message` like lessons."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from bot.content.loader import MAX_FILE_BYTES, LessonError, _parse, _problem, line_map
from bot.core.course import Problem
from bot.core.glossary import GLOSSARY_FILE, Glossary, check_glossary


def glossary_path(directory: Path) -> Path:
    return directory / GLOSSARY_FILE


def check_glossary_file(path: Path) -> tuple[Glossary | None, list[Problem]]:
    """Validate one glossary file; a missing file is fine (the tutor then has no glossary)."""
    name = str(path)
    if not path.is_file():
        return None, []
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(file=name, line=1, message=f"cannot read: {error.strerror}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(file=name, line=1, message="file is larger than 1 MB")]
    try:
        node, data = _parse(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, [Problem(file=name, line=1, message="not valid UTF-8")]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or error.context or "invalid YAML"
        line = mark.line + 1 if mark else 1
        return None, [Problem(file=name, line=line, message=f"YAML syntax: {what}")]
    except yaml.YAMLError as error:
        return None, [Problem(file=name, line=1, message=f"YAML syntax: {error}")]
    lines = line_map(node)
    if not isinstance(data, dict):
        return None, [Problem(file=name, line=1, message="the glossary must be a mapping")]
    try:
        glossary = Glossary.model_validate(data)
    except ValidationError as error:
        return None, [_problem(name, lines, e) for e in error.errors()]
    problems = check_glossary(glossary, lines, name)
    return (None if problems else glossary), problems


def load_glossary(directory: Path) -> Glossary | None:
    """The glossary beside the lessons, or None when there is none; raise on problems."""
    glossary, problems = check_glossary_file(glossary_path(directory))
    if problems:
        raise LessonError(problems)
    return glossary
