"""Load lesson files from YAML, reporting every problem as `file:line: message`.

`yaml_source` reads each file keeping node positions; this module validates lessons, checks
the course as a whole, and checks the glossary and the topics beyond the course beside them,
so `lessons check` sees it all.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from bot.content.beyond import beyond_path, check_beyond_file
from bot.content.glossary import check_glossary_file, glossary_path
from bot.content.yaml_source import (
    LessonError,
    LinePath,
    YamlDocument,
    read_document,
    validation_problem,
)
from bot.core.beyond import BEYOND_FILE
from bot.core.course import Course, Lesson, Problem, cross_check
from bot.core.glossary import GLOSSARY_FILE


def lesson_files(directory: Path) -> list[Path]:
    """Every lesson file: the YAML files of the folder except the glossary and the topics
    beyond the course."""
    return sorted(
        p
        for p in directory.iterdir()
        if p.suffix in {".yaml", ".yml"}
        and p.is_file()
        and p.name not in {GLOSSARY_FILE, BEYOND_FILE}
    )


def load_course(directory: Path, *, known_images: Iterable[str]) -> Course:
    """Load and check every lesson in `directory`; raise LessonError listing all problems."""
    lessons, problems = check_directory(directory, known_images=known_images)
    if problems:
        raise LessonError(problems)
    return Course(lessons=tuple(sorted(lessons, key=lambda lesson: (lesson.order, lesson.id))))


def check_directory(
    directory: Path, *, known_images: Iterable[str]
) -> tuple[list[Lesson], list[Problem]]:
    """Validate every file, then the course as a whole; return what loaded and what is wrong."""
    if not directory.is_dir():
        return [], [Problem(file=str(directory), line=1, message="no such lesson directory")]
    files = lesson_files(directory)
    if not files:
        return [], [Problem(file=str(directory), line=1, message="no lesson files (*.yaml) here")]
    loaded: list[tuple[Lesson, dict[LinePath, int], str]] = []
    problems: list[Problem] = []
    for path in files:
        lesson, lines, file_problems = load_file(path)
        problems += file_problems
        if lesson is not None:
            loaded.append((lesson, lines, str(path)))
    problems += cross_check(loaded, known_images=set(known_images))
    problems += check_glossary_file(glossary_path(directory))[1]
    problems += check_beyond_file(beyond_path(directory))[1]
    return [lesson for lesson, _, _ in loaded], problems


def load_file(path: Path) -> tuple[Lesson | None, dict[LinePath, int], list[Problem]]:
    """One lesson file: the lesson (or None), the line of every data path, and its problems."""
    name = str(path)
    document = read_document(path)
    if not isinstance(document, YamlDocument):
        return None, {}, [document]
    lines = document.lines
    if not isinstance(document.data, dict):
        return None, lines, [Problem(file=name, line=1, message="a lesson file must be a mapping")]
    try:
        return Lesson.model_validate(document.data), lines, []
    except ValidationError as error:
        return None, lines, [validation_problem(name, lines, e) for e in error.errors()]
