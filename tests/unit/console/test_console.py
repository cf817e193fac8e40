"""The terminal tutor renders every reply, and the REPL speaks the same grammar as Slack."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from bot.console.render import render
from bot.console.render.parts import markup
from bot.console.repl import run_console
from bot.core.course import Lesson
from bot.core.grammar import parse
from bot.core.lang import Lang
from bot.core.tutor import Tutor
from testkit.fakes import fake_tutor

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def tutor() -> Tutor:
    return fake_tutor()


def screen(tutor: Tutor, *lines: str, lang: Lang = "en") -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, force_terminal=False, color_system=None)
    feed = iter(lines)

    def read(_prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    run_console(tutor, console=console, read=read, lang=lang)
    return buffer.getvalue()


def test_a_session_shows_each_view(tutor: Tutor) -> None:
    text = screen(tutor, "run --all", "pids", "tree", "exec", "stop", "quit")
    assert "docker container top" in text
    assert "ps aux (host)" in text
    assert "PID inside ↔ PID on the host" in text
    assert "containerd-shim,900" in text
    assert "docker exec started sleep 30" in text
    assert "running → exited" in text


def test_leaving_the_console_removes_the_demo(tutor: Tutor) -> None:
    screen(tutor, "run")
    assert tutor.demos._sandbox.ours() == []  # type: ignore[attr-defined]


def test_an_unknown_command_gets_help(tutor: Tutor) -> None:
    text = screen(tutor, "tpo")
    assert "I don't know the command 'tpo'. Did you mean top?" in text
    assert "run [DEMO]" in text


def test_learner_text_is_never_read_as_markup() -> None:
    assert markup("[bold]x[/bold] `run`") == "\\[bold]x\\[/bold] [bold cyan]run[/]"


def test_lessons_render_in_chinese(tutor: Tutor) -> None:
    buffer = io.StringIO()
    Console(file=buffer, width=100).print(render(tutor.handle("u", parse("lessons"), lang="zh")))
    assert "容器和虛擬機" in buffer.getvalue()


def test_the_published_schema_is_current() -> None:
    published = json.loads((ROOT / "lessons" / "lesson.schema.json").read_text())
    assert published == Lesson.model_json_schema(), "run: container-tutor lessons schema"


def test_exec_and_stop_speak_chinese_too(tutor: Tutor) -> None:
    text = screen(tutor, "run", "exec", "stop", lang="zh")
    assert "docker exec 啟動了 sleep 30" in text
    assert "退出碼 0" in text
