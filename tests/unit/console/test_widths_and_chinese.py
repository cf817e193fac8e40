"""The terminal at any width and in Chinese: plain `ps`-style tables below 100 columns, boxes
above; every reply type in Chinese without stray English or stray spaces."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console, RenderableType

from bot.console.render import render
from bot.core.demo.replies import DemoShown, WalkShown
from bot.core.emphasis import CJK, plain
from bot.core.lang import Lang
from bot.core.reply import Reply
from testkit.fakes import fake_tutor, nginx_views
from tests.unit.every_reply import english_words, every_reply, output_words

NGINX = fake_tutor().course.demo("nginx")
assert NGINX is not None
ONE_SPACE = re.compile(rf"{CJK} {CJK}")
BOX = re.compile(r"[┏┃│┡━─]")


def screen(renderable: RenderableType, width: int) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=width, color_system=None, force_terminal=False).print(renderable)
    return buffer.getvalue()


def prose(renderable: RenderableType, width: int, *, code: bool = False) -> str:
    """What a terminal shows, unwrapped (a word is never split at the edge of the screen),
    without code (the cyan of commands and `code`) unless `code`."""
    console = Console(file=io.StringIO(), width=width, color_system=None, soft_wrap=True)
    return "".join(
        segment.text
        for segment in console.render(renderable)
        if code
        or not (segment.style and segment.style.color and segment.style.color.name == "cyan")
    )


def views_replies(lang: Lang) -> list[tuple[str, Reply]]:
    """Every view of a real-looking nginx demo: all at once, one by one, and each walk step."""
    views = nginx_views(workers=4)
    whole = [("all", DemoShown(NGINX, views, tuple(NGINX.views), tuple(NGINX.next_steps), lang))]
    single = [(v, DemoShown(NGINX, views, (v,), (), lang)) for v in NGINX.views]
    steps = [(f"walk {n}", WalkShown(NGINX, views, n, lang)) for n in range(1, 5)]
    return [*whole, *single, *steps]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [80, 120])
def test_every_view_fits_the_terminal_and_keeps_its_pids(width: int, lang: Lang) -> None:
    for name, reply in views_replies(lang):
        text = screen(render(reply), width)
        assert all(len(line) <= width for line in text.splitlines()), name
        assert "21749" in text or (name == "walk 1" and "21749" in text), name
        if name in ("all", "ps", "walk 2"):
            assert ("21777" in text) and ("www-data" in text), name


def test_below_100_columns_tables_are_plain_with_the_command_last_and_cut() -> None:
    text = screen(render(views_replies("en")[2][1]), 80)  # the host's ps alone
    assert not BOX.search(text)
    header = next(line for line in text.splitlines() if line.startswith("USER"))
    assert header.split() == ["USER", "PID", "PPID", "%MEM", "RSS", "STAT", "TIME", "COMMAND"]
    master = next(line for line in text.splitlines() if "21749" in line and "root" in line)
    assert master.split()[:2] == ["root", "21749"]
    assert master.endswith("…") and len(master) == 80  # the command, last, is what was cut


def test_from_100_columns_tables_have_boxes_and_every_column() -> None:
    text = screen(render(views_replies("en")[2][1]), 120)
    assert BOX.search(text)
    assert "VSZ" in text and "START" in text


def test_at_80_columns_no_row_wraps_into_one_word_cells() -> None:
    text = screen(render(views_replies("en")[0][1]), 80)
    rows = [line for line in text.splitlines() if "21777" in line]
    assert rows and all("nginx" in line for line in rows)  # the command stays on its row


@pytest.fixture(scope="module")
def chinese() -> list[tuple[str, str, str, set[str]]]:
    """(what was typed and the width, the prose, the whole text, the words allowed)."""
    shown = []
    for typed, reply in every_reply("zh") + views_replies("zh"):
        for width in (80, 120):
            allowed = output_words(reply) | {w.lower() for w in typed.split()}
            text = prose(render(reply), width)
            whole = prose(render(reply), width, code=True)
            shown.append((f"{typed} @{width}", text, whole, allowed))
    return shown


def test_every_reply_type_in_chinese_has_no_stray_english(
    chinese: list[tuple[str, str, str, set[str]]],
) -> None:
    problems = {
        typed: sorted(set(words))
        for typed, text, _, allowed in chinese
        if (words := english_words(text, allowed))
    }
    assert problems == {}


def test_no_stray_spaces_where_markup_was_removed(
    chinese: list[tuple[str, str, str, set[str]]],
) -> None:
    """`用映像 *新建* 一個容器` shows as `用映像新建一個容器`, not `用映像 新建 一個容器`."""
    problems = {
        typed: found for typed, _, whole, _ in chinese if (found := ONE_SPACE.findall(whole))
    }
    assert problems == {}
    assert ONE_SPACE.findall("用映像 新建 一個容器")  # the check itself can fail


@pytest.mark.parametrize("width", [80, 120])
def test_no_view_loses_its_caption_in_the_chinese_terminal(width: int) -> None:
    assert NGINX is not None
    for view in NGINX.views:
        reply = DemoShown(NGINX, nginx_views(), (view,), (), "zh")
        caption = plain(NGINX.captions[view].zh)
        assert caption in prose(render(reply), width, code=True).replace("\n", ""), view
