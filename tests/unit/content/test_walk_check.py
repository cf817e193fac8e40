"""`lessons check` finds every mistake an author can make in a demo's guided walk."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import check_directory
from bot.sandbox.recipes import RECIPES
from tests.unit.content.test_lesson_check import GOOD, line_of

WALK = """\
    walk:
      - id: inside
        view: top
        label: {en: what the engine says, zh: 引擎怎麼說}
        caption: {en: The engine's list., zh: 引擎的列表。}
      - id: from-the-host
        view: ps
        label: {en: see it from the host, zh: 從主機上看}
        caption: {en: The host's list., zh: 主機的列表。}
"""
WALKING = GOOD.replace("    image: nginx\n", "    image: nginx\n" + WALK, 1)


def problems_in(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "lesson.yaml").write_text(text, encoding="utf-8")
    return [str(p) for p in check_directory(tmp_path, known_images=RECIPES)[1]]


def test_a_lesson_with_a_walk_passes(tmp_path: Path) -> None:
    assert problems_in(tmp_path, WALKING) == []


@pytest.mark.parametrize(
    ("old", "new", "where", "says"),
    [
        pytest.param("view: ps", "view: htop", "view: htop", "'top', 'ps'", id="unknown-view"),
        pytest.param(
            ", zh: 從主機上看}",
            "}",
            "label: {en: see it from the host}",
            "missing translation (Chinese, 'zh')",
            id="missing-translation",
        ),
        pytest.param(
            "id: from-the-host",
            "id: inside  # again",
            "id: inside  # again",
            "duplicate walk step id 'inside'",
            id="duplicate-id",
        ),
        pytest.param(
            "view: ps",
            "view: ps\n        colour: red",
            "colour: red",
            "unknown key",
            id="unknown-key",
        ),
    ],
)
def test_each_walk_mistake_is_reported_at_its_line(
    tmp_path: Path, old: str, new: str, where: str, says: str
) -> None:
    text = WALKING.replace(old, new, 1)
    problems = problems_in(tmp_path, text)
    line = line_of(text, where)
    assert any(f"lesson.yaml:{line}: " in p and says in p for p in problems), problems


def test_a_walk_ends_with_at_most_four_buttons_beside_back(tmp_path: Path) -> None:
    text = WALKING.replace(
        "    walk:\n", "    walk_end: [exec, stop, vm, quiz, clean]\n    walk:\n"
    )
    problems = problems_in(tmp_path, text)
    assert any("walk_end" in p and "at most 4" in p for p in problems), problems


def test_a_folded_chinese_line_leaves_a_space_that_lessons_check_reports(tmp_path: Path) -> None:
    text = WALKING.replace(
        "summary: {en: A lesson, zh: 一課}",
        "summary:\n  en: A lesson\n  zh: >-\n    第一課\n    容器",
    )
    problems = problems_in(tmp_path, text)
    assert any(
        f"lesson.yaml:{line_of(text, 'zh: >-')}: " in p and "'課 容'" in p for p in problems
    ), problems
    spaced = WALKING.replace("zh: 主機的列表。", "zh: 主機的 *列表*。")  # emphasis keeps its spaces
    assert problems_in(tmp_path, spaced) == []
