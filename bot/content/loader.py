"""Load lesson files from YAML, reporting every problem as `file:line: message`.

The YAML is composed once to keep node positions, so a pydantic error path such as
`("quiz", 3, "answer")` can be traced back to the line the author has to fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from bot.core.course import Course, Lesson, Problem, cross_check
from bot.core.glossary import GLOSSARY_FILE

LinePath = tuple[str | int, ...]
MAX_FILE_BYTES = 1_000_000
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LessonError(Exception):
    """Lessons could not be loaded; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def lesson_files(directory: Path) -> list[Path]:
    """Every lesson file: the YAML files of the folder except the glossary."""
    return sorted(
        p
        for p in directory.iterdir()
        if p.suffix in {".yaml", ".yml"} and p.is_file() and p.name != GLOSSARY_FILE
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
    from bot.content.glossary import check_glossary_file, glossary_path

    problems += check_glossary_file(glossary_path(directory))[1]
    return [lesson for lesson, _, _ in loaded], problems


def load_file(path: Path) -> tuple[Lesson | None, dict[LinePath, int], list[Problem]]:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, {}, [Problem(file=name, line=1, message=f"cannot read: {error.strerror}")]
    if len(raw) > MAX_FILE_BYTES:
        return None, {}, [Problem(file=name, line=1, message="file is larger than 1 MB")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, {}, [Problem(file=name, line=line, message="not valid UTF-8")]
    try:
        node, data = _parse(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = error.problem or error.context or "invalid YAML"
        return None, {}, [Problem(file=name, line=line, message=f"YAML syntax: {what}")]
    except yaml.YAMLError as error:
        return None, {}, [Problem(file=name, line=1, message=f"YAML syntax: {error}")]
    lines = line_map(node)
    if not isinstance(data, dict):
        return None, lines, [Problem(file=name, line=1, message="a lesson file must be a mapping")]
    try:
        return Lesson.model_validate(data), lines, []
    except ValidationError as error:
        return None, lines, [_problem(name, lines, e) for e in error.errors()]


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """Compose once, keeping node positions, and build the data from those same nodes."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


def line_map(node: yaml.Node | None) -> dict[LinePath, int]:
    """Map every data path in the document to its 1-based line."""
    lines: dict[LinePath, int] = {}

    def walk(current: yaml.Node, path: LinePath) -> None:
        lines[path] = current.start_mark.line + 1
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                child = (*path, str(key.value))
                walk(value, child)
                lines[child] = key.start_mark.line + 1
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                walk(item, (*path, index))

    if node is not None:
        walk(node, ())
    return lines


def _problem(file: str, lines: dict[LinePath, int], error: ErrorDetails) -> Problem:
    path: LinePath = tuple(error["loc"])
    probe = path
    while probe and probe not in lines:
        probe = probe[:-1]
    line = lines.get(probe, 1)
    where = ".".join(str(part) for part in path) or "(top)"
    return Problem(file=file, line=line, message=_message(where, path, error))


def _message(where: str, path: LinePath, error: ErrorDetails) -> str:
    kind = error["type"]
    last = path[-1] if path else ""
    if kind == "missing" and last in ("en", "zh"):
        language = "English" if last == "en" else "Chinese"
        return f"{where}: missing translation ({language}, '{last}')"
    if kind == "missing":
        return f"{where}: required key is missing"
    if kind == "extra_forbidden":
        return f"{where}: unknown key '{last}'"
    detail: Any = error["msg"]
    if kind == "value_error":
        detail = str(detail).removeprefix("Value error, ")
    return f"{where}: {detail}"
