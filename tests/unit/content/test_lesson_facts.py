"""The lessons keep the facts learners reported wrong fixed, and the topics they asked for.

Each check reads every text an author wrote (titles, bodies, captions, quiz, FAQ answers) in
both languages; the phrasings under `questions:` are learners' words and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import opencc
import pytest
from pydantic import BaseModel

from bot.config import DEFAULT_LESSONS_DIR
from bot.content.loader import load_course
from bot.core.course import Course, FaqEntry, Localized
from bot.sandbox.recipes import RECIPES

RESERVED = (
    "faq-image-vs-container",
    "faq-run-it-no-shell",
    "faq-not-a-tty",
    "faq-stop-vs-kill",
    "faq-pause",
    "faq-tini-zombies",
    "faq-windows-containers",
    "faq-hyperv-isolation",
    "faq-wsl2",
    "faq-kata",
    "faq-docker-desktop-linux",
    "faq-rootless",
    "faq-container-vm-overhead",
)
"""FAQ ids the question sets refer to: each must stay answerable."""

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(DEFAULT_LESSONS_DIR, known_images=RECIPES)


def authored(node: object) -> Iterator[Localized]:
    """Every `Localized` text under a lesson, wherever the schema puts it."""
    if isinstance(node, Localized):
        yield node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from authored(getattr(node, name))
    elif isinstance(node, list | tuple):
        for item in node:
            yield from authored(item)
    elif isinstance(node, dict):
        for item in node.values():
            yield from authored(item)


def texts(course: Course) -> list[str]:
    return [t for text in authored(course) for t in (text.en, text.zh)]


def chinese(course: Course) -> list[str]:
    return [text.zh for text in authored(course)]


def faq(course: Course, ident: str) -> FaqEntry | None:
    return next((f for lesson in course.lessons for f in lesson.faq if f.id == ident), None)


@pytest.mark.parametrize("ident", RESERVED)
def test_every_reserved_topic_is_answered_in_both_languages(course: Course, ident: str) -> None:
    entry = faq(course, ident)
    assert entry is not None, f"{ident} is missing"
    assert not CJK.search(entry.answer.en)
    assert CJK.search(entry.answer.zh)
    assert len(entry.questions.en) >= 5
    assert len(entry.questions.zh) >= 5


@pytest.mark.parametrize("ident", RESERVED)
def test_reserved_topics_are_asked_in_both_scripts_and_mixed(course: Course, ident: str) -> None:
    entry = faq(course, ident)
    assert entry is not None
    to_simplified, to_traditional = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    asks = entry.questions.zh
    assert any(to_simplified.convert(q) != q for q in asks), "no Traditional phrasing"
    assert any(to_traditional.convert(q) != q for q in asks), "no Simplified phrasing"
    assert any(re.search("[A-Za-z]", q) for q in asks), "no mixed Chinese-English phrasing"


@pytest.mark.parametrize(
    "wrong",
    [
        "祖譜",
        "客氣的信號",
        "cannot tell the difference",
        "客體感覺不出",
        "reserved up front",
        "一開始就預留",
        "per time slice",
        "時間片段",
        "does not shut down because one program ended",
        "some images add a tiny init",
        "有些映像會加一個迷你 init",
        "handy for debugging with tools the image lacks",
    ],
)
def test_no_lesson_repeats_a_reported_error(course: Course, wrong: str) -> None:
    assert [t for t in texts(course) if wrong in t] == []


def test_chinese_uses_one_word_for_signal(course: Course) -> None:
    assert [t for t in chinese(course) if "信號" in t] == []
    assert any("訊號" in t for t in chinese(course))


def test_a_dockerd_restart_is_only_survived_with_live_restore(course: Course) -> None:
    survives = re.compile(r"keep running|keeps running|without (killing|taking)|照樣|不會跟著")
    claims = [
        t
        for t in texts(course)
        if "dockerd" in t and re.search(r"restart|重啟", t) and survives.search(t)
    ]
    assert claims, "the shim's part in an engine restart is no longer taught"
    assert [t for t in claims if "live-restore" not in t] == []


def test_nsenter_with_m_runs_the_images_binaries(course: Course) -> None:
    advice = [t for t in texts(course) if "nsenter -t" in t and " -m " in t]
    assert advice
    assert all("image's" in t or "映像裡" in t for t in advice)


def test_ps_inside_the_nginx_demo_credits_the_tutors_image(course: Course) -> None:
    inside = [t for t in texts(course) if "exec <name> ps aux" in t]
    assert inside
    assert all("procps" in t for t in inside)


def test_init_is_taught_as_a_run_option(course: Course) -> None:
    entry = faq(course, "faq-tini-zombies")
    assert entry is not None
    assert "run option" in entry.answer.en
    assert "執行容器時的選項" in entry.answer.zh


def test_docker_desktop_on_linux_is_not_said_to_show_host_processes(course: Course) -> None:
    on_linux = [t for t in texts(course) if "as on Linux" in t or "例如 Linux。" in t]
    assert on_linux == []
    entry = faq(course, "faq-docker-desktop-linux")
    assert entry is not None
    assert "VM" in entry.answer.en
    assert "虛擬機" in entry.answer.zh
