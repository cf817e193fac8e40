"""`sh` replies in Block Kit: a code block, escaped, within Slack's limits, and its modal."""

from __future__ import annotations

from bot.core.shell.models import ShellRun, ShellView
from bot.core.shell.replies import ShellShown
from bot.slack.blocks import dispatch, kit
from bot.slack.blocks import shell as shell_blocks
from bot.web import links
from bot.web.tokens import Grant, TerminalTokens
from testkit.standin.limits import check_message


def shown(command: str, output: str, *, code: int = 0) -> ShellShown:
    run = ShellRun(output=output, exit_code=code, host_pid=5, parent_pid=4, parent_name="shim")
    view = ShellView(command=command, container="c", run=run, timeout_seconds=10, max_output=65536)
    return ShellShown(view)


def test_output_is_a_code_block_with_the_exit_code_and_the_host_line() -> None:
    message = dispatch.message(shown("ps aux", "PID USER\n1 root"), kit.Origin(owner="U1"))
    code = message.blocks[0]["text"]["text"]
    assert code.startswith("```\n$ ps aux\nPID USER\n1 root")
    context = message.blocks[1]["elements"][0]["text"]
    assert "Exit code 0." in context and "PID 5" in context
    assert check_message(message.payload()).ok


def test_learner_text_cannot_mention_link_or_close_the_code_block() -> None:
    reply = shown("echo '<!channel>'", "<@U2> & <https://x|y> ```done")
    message = dispatch.message(reply, kit.Origin(owner="U1"))
    code = message.blocks[0]["text"]["text"]
    assert "&lt;!channel&gt;" in code and "&lt;@U2&gt; &amp; &lt;https://x|y&gt;" in code
    assert code.count("```") == 2
    assert "<" not in message.text


def test_long_output_is_cut_to_the_section_limit_with_show_all() -> None:
    output = "\n".join(f"line {n}" for n in range(2000))
    message = dispatch.message(shown("seq", output), kit.Origin(owner="U1"))
    assert len(message.blocks[0]["text"]["text"]) <= 3000
    ids = [e["action_id"] for e in message.blocks[-1]["elements"]]
    assert ids == ["sh:open", "ct:show_all"]
    assert message.full_listing.endswith("line 1999")
    assert check_message(message.payload()).ok


def test_the_modal_asks_for_at_most_500_characters_and_reads_the_submission_back() -> None:
    view = shell_blocks.modal(kit.Origin(owner="U1", channel="C1"), "zh")
    assert view["blocks"][0]["element"]["max_length"] == 500
    assert view["title"]["text"] == "執行指令"
    state = {"values": {"sh_command": {"text": {"type": "plain_text_input", "value": "ps"}}}}
    assert shell_blocks.submitted({**view, "state": state}) == "ps"
    assert shell_blocks.submitted({}) == ""


def test_a_sh_reply_offers_a_terminal_on_its_container_while_it_runs() -> None:
    tokens = TerminalTokens()
    links.configure(links.TerminalLinks(base_url="http://tutor.test", tokens=tokens))
    try:
        run = ShellRun(output="ok", exit_code=0)
        view = ShellView(
            command="ps", container="c", container_id="c" * 64, run=run,
            timeout_seconds=10, max_output=65536,
        )  # fmt: skip
        message = dispatch.message(ShellShown(view), kit.Origin(owner="U1"))
        (link,) = [e for e in message.blocks[-1]["elements"] if e.get("url")]
        assert tokens.redeem(str(link["url"]).rsplit("/", 1)[1]) == Grant("U1", "c" * 64)
        gone = ShellRun(output="", exit_code=0, container_exited=True)
        exited = ShellShown(
            ShellView(command="kill 1", container="c", container_id="c" * 64, run=gone,
                      timeout_seconds=10, max_output=65536)
        )  # fmt: skip
        after = dispatch.message(exited, kit.Origin(owner="U1"))
        assert not [e for e in after.blocks[-1]["elements"] if e.get("url")]
    finally:
        links.configure(None)
