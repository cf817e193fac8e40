"""Every step of the guided walk fits one phone screen and carries its way back and on."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from bot.core.course import Demo
from bot.core.demo.replies import DemoShown, WalkShown
from bot.core.grammar import Command
from bot.core.lang import Lang
from bot.slack.blocks import dispatch, kit
from bot.slack.blocks import shell as shell_blocks
from bot.web import links
from bot.web.tokens import Grant, TerminalTokens
from testkit.fakes import fake_tutor, nginx_views
from testkit.standin import check_message, check_phone

ORIGIN = kit.Origin(owner="U0123456789", channel="C0123456789", dm="D0123456789")
DEMOS = [d for d in fake_tutor().course.demos if d.walk]


def steps(demo: Demo, lang: Lang, workers: int = 2) -> list[kit.Message]:
    views = nginx_views(workers=workers)
    return [
        dispatch.message(WalkShown(demo, views, n, lang), ORIGIN)
        for n in range(1, len(demo.walk) + 1)
    ]


def elements(message: kit.Message) -> list[dict[str, object]]:
    return [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]


def commands(message: kit.Message) -> dict[str, Command | None]:
    """Every control's label → the command it sends (menus: each option)."""
    found: dict[str, Command | None] = {}
    for element in elements(message):
        options = element.get("options") or [element]
        for item in options:  # type: ignore[union-attr]
            found[item["text"]["text"]] = kit.read_value(item["value"]).command
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("workers", [2, 32])
@pytest.mark.parametrize("demo", DEMOS, ids=lambda d: d.id)
def test_every_step_fits_slack_and_a_phone(demo: Demo, lang: Lang, workers: int) -> None:
    for message in steps(demo, lang, workers):
        payload = message.payload()
        verdict = check_message(payload)
        assert verdict.ok and not verdict.warnings, verdict.messages
        assert check_phone(payload) == [], json.dumps(payload, ensure_ascii=False)[:2000]


def test_the_full_reply_does_not_fit_a_phone_which_is_why_the_walk_exists() -> None:
    demo = DEMOS[0]
    reply = DemoShown(demo, nginx_views(workers=12), tuple(demo.views), tuple(demo.next_steps))
    problems = check_phone(dispatch.message(reply, ORIGIN).payload())
    assert any("lines, more than 12" in p for p in problems)
    assert any("characters wide, more than 60" in p for p in problems)
    assert any("buttons visible, more than 5" in p for p in problems)


def test_the_first_step_is_the_insight_the_container_view_and_next() -> None:
    first = steps(DEMOS[0], "en")[0]
    text = json.dumps(first.blocks)
    assert "*nginx* is PID 1 inside and PID *21749* on the host, on the same kernel 6.18." in text
    assert "$ docker container top container-tutor-nginx-3f2a91c0" in text
    found = commands(first)
    assert found["Next: see it from the host"] == Command("walk", "2")
    assert found["Show everything"] == Command("walk", "all")
    assert found["4. why the PIDs differ"] == Command("walk", "4")
    assert "Back" not in found


def test_a_middle_step_goes_back_and_on() -> None:
    second = steps(DEMOS[0], "en")[1]
    found = commands(second)
    assert found["Back"] == Command("walk", "1")
    assert found["Next: who started it"] == Command("walk", "3")
    assert "$ ps aux | grep nginx" in json.dumps(second.blocks)


def test_the_last_step_offers_exec_stop_the_vm_and_a_quiz() -> None:
    last = steps(DEMOS[0], "en")[-1]
    buttons = [e for e in elements(last) if e["type"] == "button"]
    assert [kit.read_value(str(b["value"])).command for b in buttons] == [
        Command("walk", "3"),
        Command("exec"),
        Command("stop"),
        Command("vm"),
        Command("quiz"),
    ]
    found = commands(last)
    assert found["Show everything"] == Command("walk", "all")
    assert found["Clean up"] == Command("clean")


def test_in_the_dm_itself_there_is_no_share_and_the_menu_is_an_overflow() -> None:
    demo = DEMOS[0]
    dm = kit.Origin(owner="U1", channel="D1", dm="D1")
    first = dispatch.message(WalkShown(demo, nginx_views(), 1, "en"), dm)
    menus = [e for e in elements(first) if e["type"] != "button"]
    assert [m["type"] for m in menus] == ["overflow"]
    assert "share" not in json.dumps(first.blocks)


def test_the_zh_steps_speak_chinese() -> None:
    first, *_, last = steps(DEMOS[0], "zh")
    found = commands(first)
    assert found["下一步：從主機上看"] == Command("walk", "2")
    assert "在容器裡是 PID 1，在主機上是 PID *21749*" in json.dumps(
        first.blocks, ensure_ascii=False
    )
    assert "容器內" in json.dumps(last.blocks, ensure_ascii=False)


def test_on_a_big_host_the_pid_map_is_cut_but_the_shared_kernel_stays() -> None:
    last = json.dumps(steps(DEMOS[0], "en", workers=32)[-1].blocks)
    assert "more lines" in last
    assert "kernel (uname -r)  6.18.44-cloud-amd64" in last


def test_the_pid_map_step_offers_its_picture_in_the_menu() -> None:
    from bot.core.picture.build import picture_of

    demo = DEMOS[0]
    last = WalkShown(demo, nginx_views(), 4, "en")
    menu = next(e for e in elements(dispatch.message(last, ORIGIN)) if e["type"] != "button")
    values = {o["text"]["text"]: kit.read_value(o["value"]) for o in menu["options"]}  # type: ignore[union-attr]
    assert values["Show as a picture"].extra == {"a": "picture"}
    assert picture_of(last) is not None
    assert picture_of(WalkShown(demo, nginx_views(), 1, "en")) is None


@pytest.fixture
def terminal_links() -> Iterator[TerminalTokens]:
    """The bot serves the browser terminal (as `serve` over HTTP does)."""
    tokens = TerminalTokens()
    links.configure(links.TerminalLinks(base_url="http://tutor.test", tokens=tokens))
    yield tokens
    links.configure(None)


def test_the_walks_end_offers_a_terminal_when_the_bot_serves_one(
    terminal_links: TerminalTokens,
) -> None:
    *before, last = steps(DEMOS[0], "en")
    options = [o for e in elements(last) for o in e.get("options") or []]  # type: ignore[attr-defined]
    entry = next(o for o in options if o["text"]["text"] == "Open a terminal")
    click = kit.read_value(entry["value"])
    assert click.origin == ORIGIN and click.extra == {"a": "terminal"}
    assert all("Open a terminal" not in str(step.blocks) for step in before)  # the end: your turn
    zh = steps(DEMOS[0], "zh")[-1]
    assert "打開終端機" in str(zh.blocks)


def test_no_terminal_entry_when_the_bot_serves_no_page() -> None:
    assert "Open a terminal" not in str(steps(DEMOS[0], "en")[-1].blocks)


def test_a_terminal_picked_from_the_menu_is_a_fresh_link_bound_to_the_learner(
    terminal_links: TerminalTokens,
) -> None:
    message = shell_blocks.terminal_message(ORIGIN, "zh", container="c" * 64, name="demo-<1>")
    assert "`demo-&lt;1&gt;`" in message.text and "10 分鐘" in message.text
    (link,) = elements(message)
    token = str(link["url"]).rsplit("/", 1)[1]
    assert str(link["url"]).startswith("http://tutor.test/terminal/")
    assert terminal_links.redeem(token) == Grant(ORIGIN.owner, "c" * 64, "zh")
    assert check_message(message.payload()).ok
