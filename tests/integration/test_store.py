"""The progress store on a real SQLite file: migrations, WAL, concurrent writers, restarts.

PostgreSQL runs the same checks against the database TEST_POSTGRES_URL names (its progress
tables are dropped first); `./scripts/test` starts a throwaway server and sets it, and CI
fails rather than skip without one.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from bot.config import Settings
from bot.core.course import Course
from bot.core.grammar import parse
from bot.core.quiz.commands import QuizCommands
from bot.core.quiz.ports import StoreError
from bot.core.quiz.replies import AnswerShown, QuestionShown
from bot.store import migrate
from bot.store.engine import make_engine
from bot.store.sql import SqlProgressStore
from bot.wiring import course_from
from testkit.quiz_fakes import FakeClock

ROOT = Path(__file__).resolve().parents[2]
TABLES = {
    "learners",
    "attempts",
    "answers",
    "cards",
    "review_slots",
    "outbox",
    "asked_questions",
    "seen_events",
    "kept_listings",
    "followed_threads",
    "replicas",
    "learner_homes",
    "routed_commands",
    "slot_claims",
    "alembic_version",
}
MIGRATIONS = ROOT / "bot" / "store" / "migrations" / "versions"
NEWEST = max(path.name.split("_")[0] for path in MIGRATIONS.glob("[0-9]*_*.py"))
POSTGRES = os.environ.get("TEST_POSTGRES_URL")


@pytest.fixture(scope="module")
def course() -> Course:
    return course_from(Settings())


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def quizzes_on(url: str, course: Course, clock: FakeClock | None = None) -> QuizCommands:
    return QuizCommands(course=course, store=SqlProgressStore(url), clock=clock or FakeClock())


# ---------------------------------------------------------------- schema


def test_the_schema_is_created_by_migrations_and_upgrading_again_changes_nothing(
    url: str,
) -> None:
    store = SqlProgressStore(url)
    assert store.open() == migrate.head() == NEWEST
    store.close()
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert migrate.upgrade(engine) == NEWEST
    with engine.begin() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    assert versions == [(NEWEST,)]
    assert migrate.downgrade(engine, "base") is None  # the migration goes back down cleanly
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    assert migrate.upgrade(engine) == NEWEST
    engine.dispose()


def test_db_upgrade_on_the_command_line(tmp_path: Path) -> None:
    database = tmp_path / "cli" / "tutor.db"
    env = {**os.environ, "DATABASE_URL": sqlite_url(database)}
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "bot", "db", "upgrade"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert f"schema at revision {NEWEST}" in done.stdout
    tables = sqlite3.connect(database).execute("SELECT name FROM sqlite_master").fetchall()
    assert {name for (name,) in tables} >= TABLES


def test_a_bad_database_url_gets_one_line_without_the_password(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": "postgresql+nosuchdriver://tutor:hunter2@db.invalid/tutor",
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "DATABASE_URL" in done.stderr and "hunter2" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    with pytest.raises(StoreError) as error:
        SqlProgressStore("postgresql+nosuchdriver://tutor:hunter2@db.invalid/tutor").open()
    assert "hunter2" not in str(error.value)


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_full_sync(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "tutor.db")
    SqlProgressStore(url).open()
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    engine.dispose()
    assert sqlite3.connect(tmp_path / "tutor.db").execute("PRAGMA journal_mode").fetchone() == (
        "wal",
    )


# ---------------------------------------------------------------- answers


def test_answers_survive_closing_and_reopening_the_database(url: str, course: Course) -> None:
    quizzes = quizzes_on(url, course)
    shown = quizzes.service.start("u1", "containers-and-vms")
    quizzes.service.answer("u1", shown.head.attempt, shown.question.id, shown.question.answer)
    quizzes.set_lang("u1", "zh")
    quizzes.store.close()  # type: ignore[attr-defined]
    again = quizzes_on(url, course)
    assert again.chosen_lang("u1") == "zh"
    assert again.progress("u1", "en").lessons[0].mastered == 1
    repeat = again.service.answer("u1", shown.head.attempt, shown.question.id, 0)
    assert repeat.correct  # the first answer stands


def test_concurrent_double_clicks_on_one_answer_count_once(url: str, course: Course) -> None:
    quizzes = quizzes_on(url, course)
    shown = quizzes.service.start("u1", "containers-and-vms")
    results: list[AnswerShown] = []
    errors: list[BaseException] = []
    replicas = [quizzes_on(url, course) for _ in range(4)]

    def click(q: QuizCommands, choice: int) -> None:
        try:
            results.append(q.service.answer("u1", shown.head.attempt, shown.question.id, choice))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=click, args=(replicas[i % 4], i % 2)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 12 and len({r.choice for r in results}) == 1
    engine = make_engine(url)
    with engine.connect() as connection:
        answers = connection.execute(text("SELECT count(*) FROM answers")).scalar()
        reviews = connection.execute(text("SELECT reviews FROM cards")).scalars().all()
    engine.dispose()
    assert answers == 1 and reviews == [1]


def _learner_takes_quizzes(url: str, learner: str, rounds: int) -> int:
    """A separate process answering quizzes as fast as it can: one writer among several."""
    quizzes = QuizCommands(
        course=course_from(Settings()), store=SqlProgressStore(url), clock=FakeClock()
    )
    answered = 0
    for _ in range(rounds):
        shown: QuestionShown | None = quizzes.service.start(learner, "containers-and-vms")
        while shown is not None:
            head, question = shown.head, shown.question
            feedback = quizzes.service.answer(learner, head.attempt, question.id, 0)
            answered += 1
            if feedback.finished is not None:
                break
            shown = quizzes.service.next(learner, head.attempt, question.id)
    return answered


def test_several_processes_write_at_once_and_no_answer_is_lost(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "tutor.db")
    SqlProgressStore(url).open()
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(4) as pool:
        counts = pool.starmap(_learner_takes_quizzes, [(url, f"U{i}", 6) for i in range(4)])
    assert counts == [30, 30, 30, 30]
    database = sqlite3.connect(tmp_path / "tutor.db")
    rows = database.execute("SELECT learner, count(*) FROM answers GROUP BY learner").fetchall()
    assert sorted(rows) == [(f"U{i}", 30) for i in range(4)]
    finished = database.execute("SELECT count(*) FROM attempts WHERE score IS NOT NULL")
    assert finished.fetchone() == (24,)


# ---------------------------------------------------------------- daily review


def test_the_daily_review_survives_a_restart_and_two_replicas_send_it_once(
    url: str, course: Course
) -> None:
    clock = FakeClock()
    first = quizzes_on(url, course, clock)
    shown = first.service.start("u1", "containers-and-vms")
    wrong = (shown.question.answer + 1) % len(shown.question.choices)
    first.service.answer("u1", shown.head.attempt, shown.question.id, wrong)
    first.remember("u1", locale_lang="en", tz="Europe/London")
    reply = first.handle("u1", parse("review at 07:30"), "en")
    assert "Europe/London" in reply.text  # type: ignore[union-attr]
    first.store.close()  # type: ignore[attr-defined]

    clock.at = datetime(2026, 3, 3, 7, 30, tzinfo=UTC)  # London is on GMT until the 29th
    replicas = [quizzes_on(url, course, clock) for _ in range(3)]
    claimed: list[str] = []
    lock = threading.Lock()

    def sender(q: QuizCommands) -> None:
        for review in q.planner.claim():
            with lock:
                claimed.append(review.learner)
            q.planner.sent(review.slot, ok=True)

    threads = [threading.Thread(target=sender, args=(q,)) for q in replicas * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert claimed == ["u1"]
    engine = make_engine(url)
    with engine.connect() as connection:
        slots = connection.execute(
            text("SELECT due_at, status FROM review_slots ORDER BY due_at")
        ).all()
    engine.dispose()
    assert [status for _due, status in slots] == ["sent", None]
    assert str(slots[1][0]).startswith("2026-03-04 07:30")


def test_a_postgres_url_without_the_driver_gets_a_one_line_hint(tmp_path: Path) -> None:
    hide = tmp_path / "hide"
    hide.mkdir()
    # a sitecustomize that makes the PostgreSQL driver unimportable, as without the extra
    (hide / "sitecustomize.py").write_text("import sys\nsys.modules['psycopg'] = None\n")
    env = {
        **os.environ,
        "PYTHONPATH": f"{hide}{os.pathsep}{ROOT}",
        "DATABASE_URL": "postgresql+psycopg://tutor:hunter2@db.invalid/tutor",
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    said = " ".join(done.stderr.split())  # rich wraps at the terminal's width
    assert "PostgreSQL driver (psycopg) is not installed" in said
    assert "pip install 'container-tutor[postgres]'" in said
    assert "Traceback" not in said and "hunter2" not in said
    assert len(done.stderr.strip().splitlines()) <= 3
