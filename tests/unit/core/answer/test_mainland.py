"""Simplified answers read as mainland Chinese: phrase-level conversion plus the course terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings
from bot.core.answer.service import Answerer
from bot.wiring import answerer_from, course_from

TAIWAN_TERMS = (
    *("映像", "套件", "终端机", "印出", "核心", "预设", "当掉", "背景", "唯读", "提示字符"),
    *("端口口", "界面", "网域", "暂存", "实体机", "建置"),
)


@pytest.fixture(scope="module")
def answerer() -> Answerer:
    settings = Settings()
    return answerer_from(settings, course_from(settings))


def test_no_taiwan_term_is_left_in_any_simplified_answer(answerer: Answerer) -> None:
    for entry in answerer.entries:
        answer = answerer.entry(entry, script="zh-Hans")
        assert answer is not None
        shown = (answer.text + answer.source).replace("打印出", "")
        assert not [t for t in TAIWAN_TERMS if t in shown], (entry, shown)


def test_the_course_terms_are_written_the_mainland_way(answerer: Answerer) -> None:
    assert answerer.mainland("映像只帶來檔案，沒有核心") == "镜像只带来文件，没有内核"
    assert answerer.mainland("配一個終端機（TTY）") == "配一个终端（TTY）"
    assert answerer.mainland("`uname -r` 印出來的是") == "`uname -r` 打印出来的是"
    assert answerer.mainland("在 psmisc 套件裡") == "在 psmisc 软件包里"
    assert answerer.mainland("程式當掉，或伺服器轉到背景去了") == "程序挂掉，或服务器转到后台去了"
    assert answerer.mainland("網路介面、IP 位址、埠口和路由") == "网络接口、IP 地址、端口和路由"
    assert answerer.mainland("主機名稱和網域名稱") == "主机名和域名"


def test_traditional_answers_keep_taiwan_usage(answerer: Answerer) -> None:
    answer = answerer.entry("faq-own-os", script="zh-Hant")
    assert answer is not None and "映像" in answer.text and "套件" in answer.text


def test_lessons_check_rejects_a_replacement_that_is_not_one_of_the_term_s_forms(
    tmp_path: Path,
) -> None:
    from bot.content.loader import check_directory
    from bot.sandbox.recipes import RECIPES

    for lesson in Settings().lessons_dir.glob("*.yaml"):
        if lesson.name != "glossary.yaml":
            (tmp_path / lesson.name).write_text(lesson.read_text(encoding="utf-8"), "utf-8")
    (tmp_path / "glossary.yaml").write_text(
        "format_version: 1\nkind: glossary\nterms:\n"
        "  - {id: image, en: [image], zh: [镜像, 映像], hans: 镜像, replaces: [映象]}\n"
        "  - {id: kernel, en: [kernel], zh: [内核, 核心], replaces: [核心]}\n",
        encoding="utf-8",
    )
    _, problems = check_directory(tmp_path, known_images=RECIPES)
    assert sorted(p.message for p in problems) == [
        "'image' replaces '映象', which is not one of its zh forms",
        "'kernel' replaces without hans",
    ]
