"""Read one content file (a lesson, the glossary, the topics beyond the course) as YAML that
remembers its lines.

Both loaders need the same guards (size, encoding, YAML syntax) and the same translation of a
pydantic error path such as `("quiz", 3, "answer")` back to the line the author has to fix, so
they live here, below both, and every problem comes out as `file:line: message`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bot.core.course import Problem

LinePath = tuple[str | int, ...]
MAX_FILE_BYTES = 1_000_000
Model = TypeVar("Model", bound=BaseModel)
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LessonError(Exception):
    """Lessons could not be loaded; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class YamlDocument:
    """A file's data and the 1-based line of every data path in it."""

    data: Any
    lines: dict[LinePath, int]


def check_optional_file(
    path: Path,
    model: type[Model],
    check: Callable[[Model, dict[LinePath, int], str], list[Problem]],
    *,
    what: str,
) -> tuple[Model | None, list[Problem]]:
    """Validate a course data file beside the lessons (the glossary, the topics beyond the
    course) against `model`, then `check`; a missing file is fine. `what` names it in the
    one problem of a file that is not a mapping."""
    name = str(path)
    if not path.is_file():
        return None, []
    document = read_document(path)
    if not isinstance(document, YamlDocument):
        return None, [document]
    if not isinstance(document.data, dict):
        return None, [Problem(file=name, line=1, message=f"{what} must be a mapping")]
    try:
        loaded = model.model_validate(document.data)
    except ValidationError as error:
        return None, [validation_problem(name, document.lines, e) for e in error.errors()]
    problems = check(loaded, document.lines, name)
    return (None if problems else loaded), problems


def read_document(path: Path) -> YamlDocument | Problem:
    """The file's document, or the one problem that stops it from being read at all."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        return Problem(file=name, line=1, message=f"cannot read: {error.strerror}")
    if len(raw) > MAX_FILE_BYTES:
        return Problem(file=name, line=1, message="file is larger than 1 MB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Problem(file=name, line=line, message="not valid UTF-8")
    try:
        node, data = _parse(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        what = error.problem or error.context or "invalid YAML"
        return Problem(file=name, line=line, message=f"YAML syntax: {what}")
    except yaml.YAMLError as error:
        return Problem(file=name, line=1, message=f"YAML syntax: {error}")
    return YamlDocument(data=data, lines=line_map(node))


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


def validation_problem(file: str, lines: dict[LinePath, int], error: ErrorDetails) -> Problem:
    """A pydantic error at the line of its path, or of the nearest enclosing one."""
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
