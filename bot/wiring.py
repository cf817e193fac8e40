"""The composition root: the one place concrete adapters are chosen and joined to the core."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from bot.config import Settings
from bot.content.loader import load_course
from bot.core.capacity import Capacity
from bot.core.course import Course
from bot.core.demos import DemoService
from bot.core.tutor import Tutor
from bot.sandbox.host import ProcHost
from bot.sandbox.recipes import RECIPES
from bot.sandbox.runner import DockerSandbox, Limits

REAP_EVERY_SECONDS = 15.0
log = logging.getLogger(__name__)
log = logging.getLogger(__name__)


@dataclass
class Parts:
    settings: Settings
    course: Course
    sandbox: DockerSandbox
    demos: DemoService
    tutor: Tutor


def course_from(settings: Settings) -> Course:
    return load_course(settings.lessons_dir, known_images=RECIPES)


def build(settings: Settings, *, sandbox: DockerSandbox | None = None) -> Parts:
    course = course_from(settings)
    sandbox = sandbox or DockerSandbox(
        limits=Limits(
            memory_mb=settings.demo_memory_mb,
            cpus=settings.demo_cpus,
            pids=settings.demo_pids_limit,
        )
    )
    demos = DemoService(
        course=course,
        sandbox=sandbox,
        host=ProcHost(),
        capacity=Capacity(settings.demo_max_live),
        ttl_seconds=settings.demo_ttl_seconds,
        queue_wait=settings.demo_queue_wait_seconds,
    )
    return Parts(
        settings=settings,
        course=course,
        sandbox=sandbox,
        demos=demos,
        tutor=Tutor(course=course, demos=demos),
    )


def start_reaper(parts: Parts, *, every: float = REAP_EVERY_SECONDS) -> threading.Event:
    """Remove orphans of crashed tutors now, then expired demos on a timer; set to stop."""
    stop = threading.Event()
    parts.sandbox.remove_orphans()

    def loop() -> None:
        while not stop.wait(every):
            try:
                parts.demos.reap()
            except Exception:  # the reaper must outlive an engine hiccup
                log.warning("reaping demos failed; trying again in %.0f s", every, exc_info=True)

    threading.Thread(target=loop, name="demo-reaper", daemon=True).start()
    return stop
