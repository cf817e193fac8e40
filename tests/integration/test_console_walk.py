"""The terminal walk on the real engine: Enter goes on, at 80 and 120 columns, in both
languages; narrow screens get plain `ps`-style tables whose lines never wrap."""

from __future__ import annotations

import io
import os
import re
from typing import Any

import pytest
from rich.console import Console

from bot.console.repl import run_console
from bot.core.lang import Lang
from bot.core.tutor import Tutor
from tests.conftest import OURS
from tests.integration.test_demo_engine import service

pytestmark = pytest.mark.usefixtures("images", "leftovers")
BOX = re.compile(r"[┏┃│┡━─]")


def session(engine: Any, lines: list[str], *, width: int, lang: Lang) -> str:
    demos = service(engine)
    tutor = Tutor(course=demos._course, demos=demos)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    feed = iter(lines)

    def read(_prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    run_console(tutor, console=console, read=read, lang=lang)
    return buffer.getvalue()


@pytest.mark.parametrize(("width", "lang"), [(80, "en"), (120, "zh")])
def test_enter_walks_through_the_live_demo(engine: Any, width: int, lang: Lang) -> None:
    text = session(engine, ["run", "", "", "", "walk all"], width=width, lang=lang)
    assert [line for line in text.splitlines() if len(line) > width] == []
    step = "Step {} of 4" if lang == "en" else "第 {} 步，共 4 步"
    assert all(step.format(n) in text for n in (1, 2, 3, 4))
    found = re.search(r"PID 1\D+PID (\d+)", text.split(step.format(1))[0])
    assert found is not None
    master = found.group(1)
    host_ps = text.split(step.format(2))[1].split(step.format(3))[0]
    assert master in host_ps and "nginx: worker process" in host_ps
    assert f"nginx,{master}" in text  # the tree, step 3
    assert os.uname().release in text  # one kernel, step 4
    assert bool(BOX.search(text)) is (width >= 100)
    assert not engine.containers.list(all=True, filters=OURS)
