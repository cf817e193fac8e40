"""The glossary is checked like a lesson: every problem at its file and line, or it loads."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.glossary import check_glossary_file, load_glossary
from bot.content.loader import check_directory
from bot.content.yaml_source import LessonError
from bot.sandbox.recipes import RECIPES

ROOT = Path(__file__).resolve().parents[3]

GOOD = """\
format_version: 1
kind: glossary
terms:
  - id: process
    en: [process]
    zh: [进程, 進程]
  - id: memory
    en: [memory]
    zh: [内存, 記憶體]
"""


def write(folder: Path, text: str) -> Path:
    path = folder / "glossary.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_glossary_loads_with_every_form(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    glossary = load_glossary(tmp_path)
    assert glossary is not None
    assert [term.id for term in glossary.terms] == ["process", "memory"]
    assert glossary.terms[1].zh == ["内存", "記憶體"]


def test_no_glossary_is_no_problem(tmp_path: Path) -> None:
    assert load_glossary(tmp_path) is None


def test_a_form_under_two_terms_is_reported_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("zh: [内存, 記憶體]", "zh: [内存, 進程]"))
    _, problems = check_glossary_file(path)
    assert [str(p) for p in problems] == [
        f"{path}:9: '進程' is listed under both 'process' and 'memory'"
    ]
    with pytest.raises(LessonError, match="listed under both"):
        load_glossary(tmp_path)


def test_a_missing_translation_names_the_term_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    zh: [进程, 進程]\n", ""))
    _, problems = check_glossary_file(path)
    assert [str(p) for p in problems] == [
        f"{path}:4: terms.0.zh: missing translation (Chinese, 'zh')"
    ]


def test_bytes_that_are_not_utf8_are_reported_at_their_line(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_bytes(GOOD.encode("utf-8").replace("記憶體".encode(), "caf\xe9".encode("latin-1")))
    _, problems = check_glossary_file(path)
    assert [str(p) for p in problems] == [f"{path}:9: not valid UTF-8"]


def test_lessons_check_reports_the_glossary_beside_the_lessons(tmp_path: Path) -> None:
    for lesson in sorted((ROOT / "lessons").glob("0*.yaml")):
        (tmp_path / lesson.name).write_bytes(lesson.read_bytes())
    path = write(tmp_path, "- just a list\n")
    lessons, problems = check_directory(tmp_path, known_images=RECIPES)
    assert lessons
    assert [str(p) for p in problems] == [f"{path}:1: the glossary must be a mapping"]
