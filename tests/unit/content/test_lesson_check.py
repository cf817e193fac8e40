"""`lessons check` names the file and the line of every problem an author can make."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_LESSONS_DIR
from bot.content.loader import check_directory, load_course
from bot.content.yaml_source import LessonError
from bot.sandbox.recipes import RECIPES

GOOD = """\
format_version: 1
id: basics
order: 1
title: {en: Basics, zh: 基礎}
summary: {en: A lesson, zh: 一課}
sections:
  - id: process
    title: {en: A process, zh: 一個進程}
    body: {en: It is a process., zh: 它是一個進程。}
    demo: nginx
demos:
  - id: nginx
    title: {en: nginx, zh: nginx}
    image: nginx
quiz:
  - id: q1
    section: process
    question: {en: "What is it?", zh: 它是什麼？}
    choices:
      - {en: A process, zh: 一個進程}
      - {en: A VM, zh: 一台虛擬機}
    answer: 0
    explanation: {en: It is a process., zh: 它是一個進程。}
faq:
  - id: f1
    section: process
    questions:
      en: [what is it, what's this, what is this thing, explain it]
      zh: [這是什麼, 这是啥, 這個是什麼東西, 解釋一下這個]
    answer: {en: A process., zh: 一個進程。}
"""


def check(tmp_path: Path, text: str, name: str = "lesson.yaml") -> list[str]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    _, problems = check_directory(tmp_path, known_images=RECIPES)
    return [str(p) for p in problems]


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_the_good_lesson_passes(tmp_path: Path) -> None:
    assert check(tmp_path, GOOD) == []


BROKEN = [
    pytest.param(
        "answer: 0", "answer: 2", "answer: 2", "out of range", id="quiz-answer-out-of-range"
    ),
    pytest.param(
        "    image: nginx",
        "    image: nginx\n    colour: blue",
        "colour: blue",
        "unknown key 'colour'",
        id="unknown-key",
    ),
    pytest.param(
        "    body: {en: It is a process., zh: 它是一個進程。}",
        "    body: {en: It is a process.}",
        "body: {en: It is a process.}",
        "missing translation (Chinese, 'zh')",
        id="missing-translation",
    ),
    pytest.param(
        "    image: nginx\nquiz:",
        "    image: nginx\n  - id: nginx  # again\n    title: {en: a, zh: b}\n"
        "    image: busybox\nquiz:",
        "  - id: nginx  # again",
        "duplicate demo id 'nginx'",
        id="duplicate-id",
    ),
    pytest.param(
        "    image: nginx",
        "    image: postgres",
        "image: postgres",
        "no recipe builds",
        id="unknown-image",
    ),
    pytest.param(
        "    demo: nginx",
        "    demo: redis",
        "demo: redis",
        "unknown demo 'redis'",
        id="broken-demo-reference",
    ),
    pytest.param(
        "    section: process\n    questions",
        "    section: nowhere\n    questions",
        "section: nowhere",
        "unknown section 'nowhere'",
        id="broken-section-reference",
    ),
    pytest.param(
        "title: {en: Basics, zh: 基礎}",
        "title: {en: Basics, zh: ''}",
        "title: {en: Basics, zh: ''}",
        "title.zh",
        id="empty-translation",
    ),
    pytest.param(
        "      - {en: A VM, zh: 一台虛擬機}", "", "choices:", "at least 2", id="too-few-choices"
    ),
    pytest.param(
        "format_version: 1",
        "format_version: 7",
        "format_version: 7",
        "format_version",
        id="wrong-format-version",
    ),
    pytest.param("id: basics", "id: Basics Lesson!", "id: Basics Lesson!", "id:", id="bad-id"),
    pytest.param(
        "en: [what is it, what's this, what is this thing, explain it]",
        "en: [what is it, what's this, what is this thing]",
        "      en: [what is it, what's this, what is this thing]",
        "needs at least 4 en phrasings",
        id="one-phrasing",
    ),
]


@pytest.mark.parametrize(("old", "new", "where", "says"), BROKEN)
def test_each_broken_lesson_is_reported_at_its_file_and_line(
    tmp_path: Path, old: str, new: str, where: str, says: str
) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    problems = check(tmp_path, text)
    expected_line = line_of(text, where.splitlines()[0])
    assert any(
        p.startswith(f"{tmp_path / 'lesson.yaml'}:{expected_line}: ") and says in p
        for p in problems
    ), problems


def test_yaml_syntax_errors_name_the_line(tmp_path: Path) -> None:
    text = GOOD.replace("    answer: 0", "    answer: [0", 1)
    problems = check(tmp_path, text)
    assert len(problems) == 1
    assert "YAML syntax" in problems[0]
    assert problems[0].startswith(f"{tmp_path / 'lesson.yaml'}:")
    reported = int(problems[0].split(":")[1])
    assert abs(reported - line_of(text, "answer: [0")) <= 1


def test_a_duplicate_across_files_names_both(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    second = GOOD.replace("id: basics", "id: more").replace("order: 1", "order: 2")
    problems = check(tmp_path, second, name="b.yaml")
    duplicates = [p for p in problems if "duplicate section id 'process'" in p]
    assert duplicates
    assert duplicates[0].startswith(f"{tmp_path / 'b.yaml'}:{line_of(second, '  - id: process')}")
    assert f"{tmp_path / 'a.yaml'}:" in duplicates[0]


def test_not_utf8_and_not_a_mapping(tmp_path: Path) -> None:
    (tmp_path / "list.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    (tmp_path / "latin1.yaml").write_bytes("title: caf\xe9\n".encode("latin-1"))
    problems = [str(p) for p in check_directory(tmp_path, known_images=RECIPES)[1]]
    assert any("latin1.yaml:1: not valid UTF-8" in p for p in problems)
    assert any("list.yaml:1: a lesson file must be a mapping" in p for p in problems)


def test_an_empty_folder_is_a_problem(tmp_path: Path) -> None:
    _, problems = check_directory(tmp_path, known_images=RECIPES)
    assert "no lesson files" in problems[0].message


def test_load_course_raises_with_every_problem(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(GOOD.replace("answer: 0", "answer: 9"), encoding="utf-8")
    with pytest.raises(LessonError, match="out of range"):
        load_course(tmp_path, known_images=RECIPES)


def test_the_shipped_lessons_pass() -> None:
    course = load_course(DEFAULT_LESSONS_DIR, known_images=RECIPES)
    assert course.demo("nginx") is not None
    assert sum(len(lesson.quiz) for lesson in course.lessons) >= 12
    assert sum(len(lesson.faq) for lesson in course.lessons) >= 25
