"""The browser terminal in a real headless Chromium: a link from the demo reply opens
xterm.js over a websocket to a shell in the learner's container; the link works once."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from testkit.browser import available, chromium
from tests.conftest import IN_CI
from tests.e2e.conftest import Bot
from tests.e2e.slack_text import button
from tests.e2e.test_slack_demo import DM, final_update
from tests.e2e.test_slack_walk import choose


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    if not available():
        if IN_CI:
            pytest.fail("CI needs Debian's chromium and chromium-driver: run ./scripts/setup")
        pytest.skip("no chromium / chromedriver: run ./scripts/setup")
    driver = chromium(tmp_path / "chromium")
    try:
        yield driver
    finally:
        driver.quit()


def terminal_link(bot: Bot) -> str:
    bot.slack.send_command(bot.url, text="run --all", channel_id="C1")
    final_update(bot, "nginx: master process")
    message = bot.slack.last_message(DM)
    assert message is not None
    return str(button(message, "web:terminal")["url"])


def wait_for(predicate: Any, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def screen(driver: Any) -> str:
    return str(driver.execute_script("return document.querySelector('.xterm-rows').innerText"))


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_ps_aux_then_exit_then_the_link_is_spent(bot: Bot, browser: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    link = terminal_link(bot)
    token = link.rsplit("/", 1)[1]
    browser.get(link)
    wait_for(
        lambda: browser.find_element("tag name", "body").get_attribute("data-state") == "connected"
    )
    ActionChains(browser).send_keys("ps aux\n").perform()
    wait_for(lambda: "nginx: master process" in screen(browser))
    assert "ps aux" in screen(browser)
    ActionChains(browser).send_keys("exit\n").perform()
    wait_for(
        lambda: browser.find_element("tag name", "body").get_attribute("data-state") == "ended"
    )
    wait_for(lambda: "[session ended]" in screen(browser))  # xterm draws on the next frame
    browser.get(link)
    assert browser.find_element("tag name", "h1").text == "403"
    assert status_of(link) == 403
    body, _, signature = token.partition(".")
    assert status_of(link.replace(token, f"{body}.{signature[::-1]}")) == 403
    assert token not in bot.output()


def test_the_page_sends_a_strict_content_security_policy(bot: Bot) -> None:
    link = terminal_link(bot)
    with urllib.request.urlopen(link, timeout=5) as answer:
        policy = answer.headers["Content-Security-Policy"]
        page = answer.read().decode()
    assert "script-src 'self'" in policy and "default-src 'none'" in policy
    assert "<script>" not in page and "http" not in page.split("<body", 1)[1]
    base = link.split("/terminal/", 1)[0]
    with urllib.request.urlopen(f"{base}/terminal/static/xterm.js", timeout=5) as asset:
        assert asset.headers["Content-Type"].startswith("text/javascript")


@pytest.mark.bot_env(TERMINAL_IDLE_SECONDS="5")
def test_an_idle_terminal_tells_the_learner_why_it_closed(bot: Bot, browser: Any) -> None:
    """TERMINAL_IDLE_SECONDS reaches `serve`: no key for 5 s, and the terminal says so."""
    browser.get(terminal_link(bot))
    wait_for(
        lambda: browser.find_element("tag name", "body").get_attribute("data-state") == "connected"
    )
    opened = time.monotonic()
    wait_for(
        lambda: browser.find_element("tag name", "body").get_attribute("data-state") == "ended",
        timeout=15,
    )
    assert time.monotonic() - opened >= 4.5
    wait_for(lambda: "[session ended]" in screen(browser))
    assert "No key pressed for 5 s: this terminal is closed" in screen(browser)


def open_and_run_ps(browser: Any, link: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    browser.get(link)
    wait_for(
        lambda: browser.find_element("tag name", "body").get_attribute("data-state") == "connected"
    )
    ActionChains(browser).send_keys("ps aux\n").perform()
    wait_for(lambda: "nginx: master process" in screen(browser))


def test_the_walks_end_opens_a_terminal_on_the_learners_demo(bot: Bot, browser: Any) -> None:
    """On the guided walk (the plain `run`), its last step's menu: a link minted on the pick,
    shown to the learner only, that opens their own demo's shell."""
    bot.slack.send_command(bot.url, text="run", channel_id="C1")
    final_update(bot, "Step 1 of 4")
    assert choose(bot, "4. why the PIDs differ").status == 200
    final_update(bot, "Step 4 of 4")
    picked = choose(bot, "Open a terminal")
    answer = bot.slack.wait_for_response(picked.response_url_id).args
    assert answer["response_type"] == "ephemeral" and "10 minutes" in answer["text"]
    link = str(button(answer, "web:terminal")["url"])
    open_and_run_ps(browser, link)


def test_a_sh_reply_offers_a_terminal_too(bot: Bot, browser: Any) -> None:
    bot.slack.send_command(bot.url, text="run", channel_id="C1")
    final_update(bot, "Step 1 of 4")
    bot.slack.send_command(bot.url, text="sh echo from-sh-$((6*7))", channel_id="C1")
    final_update(bot, "from-sh-42")
    message = bot.slack.last_message(DM)
    assert message is not None
    open_and_run_ps(browser, str(button(message, "web:terminal")["url"]))
