"""`lessons check` on tasks: an unknown checker, a missing translation or a broken reference
is reported with the file and line an author has to fix."""

from __future__ import annotations

from pathlib import Path

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
