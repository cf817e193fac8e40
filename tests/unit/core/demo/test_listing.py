"""Plain listings: aligned in display cells, cut at the command, shortened for a phone."""

from __future__ import annotations

from bot.core.demo.listing import (
    PHONE_LINES,
    PHONE_WIDTH,
    cells,
    cut,
    fit_lines,
    grid,
    phone_lines,
    shell,
)
from testkit.fakes import nginx_views


def test_chinese_headers_take_two_cells_and_stay_aligned() -> None:
    lines = grid(("容器內", "主機", "指令"), [("1", "21749", "nginx: master process")])
    assert cells("容器內") == 6
    header, row = lines
    assert cells(header[: header.index("主機")]) == len(row[: row.index("21749")])


def test_a_narrow_grid_cuts_the_command_not_the_pids() -> None:
    lines = grid(
        ("PID", "COMMAND"), [("21749", "nginx: master process nginx -g daemon off;")], width=30
    )
    assert lines[1].startswith("21749  nginx: master") and lines[1].endswith("…")
    assert cells(lines[1]) == 30
    assert all(cells(line) <= 30 for line in lines)
    assert cut("用映像新建一個容器", 9) == "用映像新…"


def test_a_long_command_is_shortened_in_its_longest_word() -> None:
    line = shell("docker container top container-tutor-nginx-3f2a91c0-with-a-very-long-tail", 60)
    assert cells(line) <= 60
    assert line.startswith("$ docker container top contain") and line.endswith("long-tail")
    assert "…" in line


def test_a_long_listing_says_how_many_lines_it_left_out() -> None:
    assert fit_lines([str(n) for n in range(20)], 12, "en")[-1] == "… 9 more lines"
    assert fit_lines([str(n) for n in range(20)], 12, "zh")[-1] == "… 還有 9 行"


def test_every_view_fits_a_phone_even_on_a_big_host() -> None:
    views = nginx_views(workers=64, name="container-tutor-nginx-" + "f" * 40)
    for view in ("top", "ps", "tree", "pids"):
        for lang in ("en", "zh"):
            lines = phone_lines(views, view, lang)  # type: ignore[arg-type]
            assert len(lines) <= PHONE_LINES
            assert max(cells(line) for line in lines) <= PHONE_WIDTH
