"""The composition root: the one place concrete adapters are chosen and joined to the core."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.config import Settings, engine_name, shares_state
from bot.content.beyond import load_beyond
from bot.content.glossary import load_glossary
from bot.content.loader import load_course
from bot.core.answer.asked import QuestionLog
from bot.core.answer.service import Answerer
from bot.core.capacity import Capacity, Ledger
from bot.core.course import Course
from bot.core.demo.service import DemoService
from bot.core.quiz.commands import QuizCommands
from bot.core.quiz.ports import SystemClock
from bot.core.shell.service import ShellService
from bot.core.shell.terminal import TerminalService
from bot.core.tasks.service import TaskService
from bot.core.tutor import Tutor
from bot.core.vm.service import CompareService
from bot.sandbox.host import ProcHost
from bot.sandbox.recipes import RECIPES
from bot.sandbox.runner import DockerSandbox, Limits
from bot.sandbox.shell import DockerShell
from bot.sandbox.terminal import DockerTerminals
from bot.sandbox.vm import QemuMachines
from bot.sandbox.vm_engine import DockerEngineFacts
from bot.sandbox.vm_host import ShimHost
from bot.search.chinese import OpenccScripts
from bot.search.meaning import Meanings, meaning_index
from bot.search.pinyin import PinyinSounds
from bot.store.asked import SqlAskedLog
from bot.store.slots import SqlSlots
from bot.store.sql import SqlProgressStore

REAP_EVERY_SECONDS = 15.0
log = logging.getLogger(__name__)


@dataclass
class Parts:
    settings: Settings
    course: Course
    sandbox: DockerSandbox
    demos: DemoService
    tutor: Tutor
    store: SqlProgressStore
    compare: CompareService
    terminals: TerminalService
    capacity: Capacity


def course_from(settings: Settings) -> Course:
    return load_course(settings.lessons_dir, known_images=RECIPES)


def answerer_from(settings: Settings, course: Course) -> Answerer:
    """Question answering over the lessons and their glossary; needs no engine."""
    return Answerer(
        course=course,
        scripts=OpenccScripts(),
        glossary=load_glossary(settings.lessons_dir),
        method="hybrid",
        semantic=meaning_index(Meanings()),
        sounds=PinyinSounds(),
        beyond=load_beyond(settings.lessons_dir),
    )


def build(settings: Settings, *, sandbox: DockerSandbox | None = None) -> Parts:
    course = course_from(settings)
    sandbox = sandbox or DockerSandbox(
        limits=Limits(
            memory_mb=settings.demo_memory_mb,
            cpus=settings.demo_cpus,
            pids=settings.demo_pids_limit,
        )
    )
    store = SqlProgressStore(settings.database_url)  # opened on first use or by serve
    capacity = Capacity(
        settings.demo_max_live, ledger=ledger(settings, store, "demo", sandbox.instance)
    )
    demos = DemoService(
        course=course,
        sandbox=sandbox,
        host=ProcHost(),
        capacity=capacity,
        ttl_seconds=settings.demo_ttl_seconds,
        queue_wait=settings.demo_queue_wait_seconds,
        pool_size=settings.demo_pool_size,
        pool_max_age=settings.demo_pool_max_age,
    )
    compare = compare_from(settings, sandbox=sandbox, demos=demos, store=store)
    quizzes = QuizCommands(course=course, store=store, clock=SystemClock())
    shell = ShellService(demos=demos, shell=DockerShell(sandbox))
    tasks = TaskService(
        course=course,
        demos=demos,
        sandbox=sandbox,
        host=ProcHost(),
        store=store,
        clock=quizzes.clock,
        shell=shell,
    )
    return Parts(
        settings=settings,
        course=course,
        sandbox=sandbox,
        demos=demos,
        tutor=Tutor(
            course=course,
            demos=demos,
            quiz=quizzes,
            answers=answerer_from(settings, course),
            compare=compare,
            shell=shell,
            tasks=tasks,
            questions=question_log(store),
        ),
        store=store,
        compare=compare,
        terminals=TerminalService(
            course=course,
            demos=demos,
            terminals=DockerTerminals(sandbox, {demo.id: demo for demo in course.demos}),
        ),
        capacity=capacity,
    )


def question_log(store: SqlProgressStore) -> QuestionLog:
    """Declined questions and answer feedback, in the progress database."""
    return QuestionLog(log=SqlAskedLog(store), now=lambda: datetime.now(UTC))


def ledger(settings: Settings, store: SqlProgressStore, cap: str, replica: str) -> Ledger | None:
    """The cap every replica shares, when they share the database; else none."""
    if not shares_state(settings):
        return None
    limit = settings.demo_max_live if cap == "demo" else settings.vm_max_live
    return SqlSlots(
        store,
        cap=cap,
        limit=limit,
        replica=replica,
        engine=engine_name(settings),
        now=lambda: datetime.now(UTC),
    )


def compare_from(
    settings: Settings,
    *,
    sandbox: DockerSandbox,
    demos: DemoService,
    store: SqlProgressStore | None = None,
) -> CompareService:
    """The VM demo (qemu in the sandbox) and the container-vs-VM comparison."""
    return CompareService(
        demos=demos,
        sandbox=sandbox,
        host=ProcHost(),
        machines=QemuMachines(sandbox, accelerator=settings.vm_accel),
        engine=DockerEngineFacts(sandbox),
        host_side=ShimHost(),
        capacity=Capacity(
            settings.vm_max_live,
            ledger=None if store is None else ledger(settings, store, "vm", sandbox.instance),
        ),
        ttl_seconds=settings.demo_ttl_seconds,
        queue_wait=settings.demo_queue_wait_seconds,
        pool_size=settings.vm_pool_size,
        pool_max_age=settings.demo_pool_max_age,
    )


def start_pools(parts: Parts) -> None:
    """Start filling the warm pools (after the orphan sweep, so it never meets them)."""
    parts.demos.pool.start()
    parts.compare.pool.start()


def stop_pools(parts: Parts) -> None:
    """Stop filling and remove the idle pooled containers (handed-out ones stay the learners')."""
    parts.compare.pool.close()
    parts.demos.pool.close()


def shut_down(parts: Parts) -> None:
    """Last at shutdown: no new pooled container after this, then every demo this process
    made (pooled, handed out or not) is removed."""
    stop_pools(parts)
    parts.sandbox.remove_all_of_mine()


def start_reaper(parts: Parts, *, every: float = REAP_EVERY_SECONDS) -> threading.Event:
    """Remove orphans of crashed tutors now, then expired demos on a timer; set to stop."""
    stop = threading.Event()
    parts.sandbox.remove_orphans()
    start_pools(parts)

    def loop() -> None:
        while not stop.wait(every):
            try:
                parts.demos.reap()
                parts.compare.forget_gone()
            except Exception:  # the reaper must outlive an engine hiccup
                log.warning("reaping demos failed; trying again in %.0f s", every, exc_info=True)

    threading.Thread(target=loop, name="demo-reaper", daemon=True).start()
    return stop
