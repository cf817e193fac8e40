"""Progress store speed: an answer committed (durably) before the reply, on a SQLite file.

What it measures, on a fresh database in a temporary folder (removed at the end):

- one learner answering: `QuizService.answer` (one transaction: the answer row, the FSRS
  card, the attempt) then `next`, timed per call, `--answers` times;
- the same with `--threads` learners answering at once in one process (the Slack bot's
  worker threads), and with `--processes` processes at once (replicas on one file);
- `progress` for a learner with every question answered;
- one pass of the daily review sender's `claim` with `--learners` reviews due.

Prints p50, p90 (nearest rank), p99 and max in ms, and answers per second.

    python -m bench.quiz_store [--answers N] [--threads T] [--processes P] [--learners L]
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import shutil
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import Settings
from bot.core.grammar import parse
from bot.core.quiz.commands import QuizCommands
from bot.core.quiz.ports import SystemClock
from bot.store.sql import SqlProgressStore
from bot.wiring import course_from


class _Clock:
    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def now(self) -> datetime:
        return self.at


def _rank(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _line(name: str, ms: list[float]) -> str:
    return (
        f"{name:34} n={len(ms):5}  p50 {_rank(ms, 0.5):7.2f}  p90 {_rank(ms, 0.9):7.2f}  "
        f"p99 {_rank(ms, 0.99):7.2f}  max {max(ms):7.2f} ms"
    )


def _answer_loop(
    url: str, learner: str, count: int, quizzes: QuizCommands | None = None
) -> list[float]:
    """Answer `count` questions as one learner, quiz after quiz; return each answer's ms."""
    if quizzes is None:
        store = SqlProgressStore(url)
        quizzes = QuizCommands(course=course_from(Settings()), store=store, clock=SystemClock())
    service = quizzes.service
    timings: list[float] = []
    shown = service.start(learner, "")
    while len(timings) < count:
        head, question = shown.head, shown.question
        started = time.perf_counter()
        feedback = service.answer(learner, head.attempt, question.id, len(timings) % 2)
        timings.append((time.perf_counter() - started) * 1000)
        following = None if feedback.finished else service.next(learner, head.attempt, question.id)
        shown = following or service.start(learner, "")
    return timings


def _concurrent_threads(url: str, threads: int, count: int) -> tuple[list[float], float]:
    """Several learners at once through one store, as the bot's worker threads share it."""
    shared = QuizCommands(
        course=course_from(Settings()), store=SqlProgressStore(url), clock=SystemClock()
    )
    results: list[list[float]] = [[] for _ in range(threads)]

    def work(index: int) -> None:
        results[index] = _answer_loop(url, f"T{index}", count, shared)

    started = time.perf_counter()
    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    return [ms for result in results for ms in result], elapsed


def _concurrent_processes(url: str, processes: int, count: int) -> tuple[list[float], float]:
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(processes) as pool:
        pool.starmap(_answer_loop, [(url, f"W{i}", 1) for i in range(processes)])  # warm up
        started = time.perf_counter()
        results = pool.starmap(_answer_loop, [(url, f"P{i}", count) for i in range(processes)])
        elapsed = time.perf_counter() - started
    return [ms for result in results for ms in result], elapsed


def _progress_and_claim(url: str, learners: int) -> tuple[list[float], float, int]:
    clock = _Clock()
    quizzes = QuizCommands(course=course_from(Settings()), store=SqlProgressStore(url), clock=clock)
    service = quizzes.service
    for index in range(learners):  # answered a day ago; the daily review is due now
        learner = f"R{index}"
        shown = service.start(learner, "")
        service.answer(learner, shown.head.attempt, shown.question.id, 0)
    clock.at += timedelta(days=1)
    at = (clock.at + timedelta(minutes=1)).strftime("%H:%M")
    for index in range(learners):
        quizzes.handle(f"R{index}", parse(f"review at {at}"), "en")
    full = "P0"
    timings = []
    for _ in range(50):
        started = time.perf_counter()
        quizzes.progress(full, "en")
        timings.append((time.perf_counter() - started) * 1000)
    clock.at += timedelta(minutes=2)
    started = time.perf_counter()
    claimed = 0
    while batch := quizzes.planner.claim():  # the sender claims in batches
        claimed += len(batch)
        for review in batch:
            quizzes.planner.sent(review.slot, ok=True)
    claim_ms = (time.perf_counter() - started) * 1000
    return timings, claim_ms, claimed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=300)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--learners", type=int, default=200)
    args = parser.parse_args()
    answers = max(10, min(args.answers, 5000))
    folder = Path(tempfile.mkdtemp(prefix="bench-quiz-store-"))
    try:
        url = f"sqlite:///{folder / 'tutor.db'}"
        started = time.perf_counter()
        SqlProgressStore(url).open()
        print(f"create + migrate a new database: {(time.perf_counter() - started) * 1000:.1f} ms")
        _answer_loop(url, "warm", 5)
        single = _answer_loop(url, "P0", answers)
        print(_line("answer, one learner", single))
        print(f"{'':34} {1000 / (sum(single) / len(single)):.0f} answers/s")
        per = max(5, answers // args.threads)
        threaded, elapsed = _concurrent_threads(url, args.threads, per)
        print(_line(f"answer, {args.threads} threads at once", threaded))
        print(f"{'':34} {len(threaded) / elapsed:.0f} answers/s in all")
        per = max(5, answers // args.processes)
        spread, elapsed = _concurrent_processes(url, args.processes, per)
        print(_line(f"answer, {args.processes} processes at once", spread))
        print(f"{'':34} {len(spread) / elapsed:.0f} answers/s in all")
        progress, claim_ms, claimed = _progress_and_claim(url, max(1, min(args.learners, 2000)))
        print(_line("progress (every question answered)", progress))
        print(f"daily reviews claimed and marked sent: {claimed} in {claim_ms:.1f} ms")
        size = sum(f.stat().st_size for f in folder.iterdir())
        print(f"database files: {size / 1024:.0f} KiB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"cleaned up: {not folder.exists()}")


if __name__ == "__main__":
    main()
