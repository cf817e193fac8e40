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


PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_pids_with_a_picture_file_writes_the_pid_picture(tutor: Tutor, tmp_path: Path) -> None:
    target = tmp_path / "pids.png"
    text = screen(tutor, "run", f"pids --picture {target}")
    assert "PID inside ↔ PID on the host" in text  # the reply, as without the option
    assert f"Picture written to {target}" in text
    assert target.read_bytes().startswith(PNG_MAGIC)


def test_a_chinese_console_writes_a_chinese_picture(tutor: Tutor, tmp_path: Path) -> None:
    target = tmp_path / "pids.png"
    text = screen(tutor, "run", f"pids --picture {target}", lang="zh")
    assert f"圖片已寫入 {target}" in text and target.exists()


def test_a_picture_needs_a_file_and_a_demo(tutor: Tutor, tmp_path: Path) -> None:
    assert "--picture needs a file name" in screen(tutor, "run", "pids --picture")
    target = tmp_path / "none.png"
    text = screen(tutor, f"pids --picture {target}")
    assert "You have no live demo" in text and not target.exists()


def test_a_picture_that_cannot_be_written_says_why(tutor: Tutor, tmp_path: Path) -> None:
    text = screen(tutor, "run", f"pids --picture {tmp_path / 'no' / 'such' / 'dir.png'}")
    assert "No picture:" in text and "No such file or directory" in text


def test_the_tutor_itself_never_writes_a_picture(tutor: Tutor, tmp_path: Path) -> None:
    """Slack hands the parsed command to the tutor: its path is data and never written."""
    tutor.handle("U1", parse("run"))
    target = tmp_path / "from-slack.png"
    reply = tutor.handle("U1", parse(f"pids --picture {target}"))
    assert type(reply).__name__ == "DemoShown" and not target.exists()
    tutor.handle("U1", parse("clean"))


def test_compare_with_a_picture_file_writes_the_stacks_picture(tmp_path: Path) -> None:
    from tests.unit.core.vm.test_compare import World

    world = World(gvisor=True)
    target = tmp_path / "compare.png"
    text = screen(world.tutor, f"compare --picture {target}")
    assert "Container vs virtual machine" in text and f"Picture written to {target}" in text
    assert target.read_bytes().startswith(PNG_MAGIC)
