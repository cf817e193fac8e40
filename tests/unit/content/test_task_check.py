"""`lessons check` on tasks: an unknown checker, a missing translation or a broken reference
is reported with the file and line an author has to fix."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app
from bot.content.loader import check_directory
from bot.sandbox.recipes import RECIPES
from tests.unit.content.test_lesson_check import GOOD, line_of

TASK = """\
tasks:
  - id: task-one
    section: process
    demo: nginx
    checker: host-pid-of-main
    prompt: {en: Find the host PID., zh: 找出主機 PID。}
    explanation: {en: It is NSpid., zh: 就是 NSpid。}
"""


def problems(tmp_path: Path, tasks: str) -> list[str]:
    text = GOOD + tasks
    (tmp_path / "lesson.yaml").write_text(text, encoding="utf-8")
    _, found = check_directory(tmp_path, known_images=RECIPES)
    return [str(p) for p in found]


def test_a_good_task_passes(tmp_path: Path) -> None:
    assert problems(tmp_path, TASK) == []


def test_an_unknown_checker_is_named_with_the_known_ones_at_its_line(tmp_path: Path) -> None:
    broken = TASK.replace("host-pid-of-main", "guess-the-pid")
    found = problems(tmp_path, broken)
    line = line_of(GOOD + broken, "guess-the-pid")
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path / 'lesson.yaml'}:{line}: tasks.0.checker")
    assert "unknown checker 'guess-the-pid'" in found[0] and "host-pid-of-main" in found[0]


def test_a_missing_translation_is_named(tmp_path: Path) -> None:
    broken = TASK.replace(", zh: 找出主機 PID。", "")
    found = problems(tmp_path, broken)
    line = line_of(GOOD + broken, "prompt:")
    assert found == [
        f"{tmp_path / 'lesson.yaml'}:{line}: tasks.0.prompt.zh: missing translation (Chinese, 'zh')"
    ]


def test_an_unknown_section_or_demo_and_a_bad_answer_kind_are_each_reported(
    tmp_path: Path,
) -> None:
    broken = TASK.replace("section: process", "section: nowhere").replace(
        "demo: nginx", "demo: qemu"
    )
    found = problems(tmp_path, broken)
    assert any("task 'task-one' names unknown demo 'qemu'" in p for p in found)
    assert any("'task-one' names unknown section 'nowhere'" in p for p in found)
    kind = problems(tmp_path, TASK + "    answered: guessed\n")
    assert len(kind) == 1 and "tasks.0.answered" in kind[0]


def test_a_task_id_that_is_a_quiz_questions_id_is_refused_at_its_line(tmp_path: Path) -> None:
    """Both are rated as one card per (learner, id): the same id would mix their progress."""
    broken = TASK.replace("id: task-one", "id: q1")
    found = problems(tmp_path, broken)
    file = tmp_path / "lesson.yaml"
    quiz_line, task_line = (
        i for i, line in enumerate((GOOD + broken).splitlines(), 1) if "id: q1" in line
    )
    assert found == [
        f"{file}:{task_line}: task id 'q1' is also the id of a quiz question "
        f"(at {file}:{quiz_line}): a learner's progress keeps one record per id for both"
    ]


OTHER = """\
format_version: 1
id: other
order: 2
title: {en: Other, zh: 其他}
summary: {en: Another lesson, zh: 另一課}
sections:
  - id: elsewhere
    title: {en: Elsewhere, zh: 別處}
    body: {en: More., zh: 更多。}
"""


def test_lessons_check_refuses_a_task_named_like_a_question_of_another_lesson(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    task = TASK.replace("id: task-one", "id: q1").replace("section: process", "section: elsewhere")
    (tmp_path / "b.yaml").write_text(OTHER + task, encoding="utf-8")
    done = CliRunner().invoke(app, ["lessons", "check", str(tmp_path)])
    assert done.exit_code == 1, done.output
    task_line = line_of(OTHER + task, "id: q1")
    assert done.output.splitlines()[1:] == [
        f"{tmp_path / 'b.yaml'}:{task_line}: task id 'q1' is also the id of a quiz question "
        f"(at {tmp_path / 'a.yaml'}:{line_of(GOOD, 'id: q1')}): "
        "a learner's progress keeps one record per id for both"
    ]
