"""`quiz` and `progress` in the real terminal tutor, with progress kept in a SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.config import Settings
from bot.wiring import course_from

ROOT = Path(__file__).resolve().parents[2]


def console(database: Path, keys: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console", *args],
        cwd=ROOT,
        env=env,
        input=keys,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_quiz_in_the_terminal_is_remembered_by_the_next_session(tmp_path: Path) -> None:
    course = course_from(Settings())
    first = course.lessons[0].quiz[0]
    database = tmp_path / "tutor.db"
    right = str(first.answer + 1)
    out = console(database, f"quiz\n{right}\n\nprogress\nlang zh\nquit\n")
    assert first.question.en in out
    assert "Right!" in out and "Question 2 of 5" in out
    total = len(course.lessons[0].quiz) + len(course.lessons[0].tasks)  # tasks count too
    assert f"1 of {total} mastered" in out
    assert "從現在起我會用中文" in out
    again = console(database, "progress\nquit\n")  # no --lang: the choice was kept
    assert "你的學習進度" in again and f"{total} 題中已掌握 1 題" in again
    english = console(database, "progress\nquit\n", "--lang", "en")
    assert f"1 of {total} mastered" in english
