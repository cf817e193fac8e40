"""The SVG's text layer holds the live numbers, escaped, and cut only where it must be."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bot.core.demo.models import PidMapEntry
from bot.core.picture.build import pid_picture, stack_picture
from bot.pictures.canvas import WIDTH, fit, text_width
from bot.pictures.svg import svg
from testkit import picture_samples as samples

NS = "{http://www.w3.org/2000/svg}"


def texts(drawn: str, cls: str | None = None) -> list[str]:
    root = ET.fromstring(drawn)
    return [
        element.text or ""
        for element in root.iter(f"{NS}text")
        if cls is None or element.get("class") == cls
    ]


def test_the_pid_svg_holds_every_pid_both_namespaces_and_the_kernel() -> None:
    drawn = svg(pid_picture(samples.views(exec_pid=28100), "en"))
    assert texts(drawn, "ns-pid") == ["1", "7", "8", "9"]
    assert texts(drawn, "host-pid") == ["27895", "27923", "27924", "28100"]
    assert texts(drawn, "host-ns") == ["host PID namespace pid:[4026531836]"]
    assert texts(drawn, "container-ns") == ["container PID namespace pid:[4026532181]"]
    assert texts(drawn, "exec") == ["started by exec"]
    assert samples.HOST_KERNEL in texts(drawn, "kernel")[0]
    assert ET.fromstring(drawn).get("width") == str(WIDTH)


def test_commands_are_escaped_and_cut_to_their_box() -> None:
    views = samples.views()
    hostile = PidMapEntry(host_pid=27895, ns_pid=1, cmd="<script>&amp; " + "x" * 200)
    views = views.model_copy(update={"pid_map": (hostile, *views.pid_map[1:])})
    drawn = svg(pid_picture(views, "en"))
    command = texts(drawn, "command")[0]
    assert command.startswith("<script>&amp; xx") and command.endswith("…")
    assert "<script>" not in drawn


def test_the_stacks_svg_keeps_each_pid_whole_when_a_command_is_cut() -> None:
    drawn = svg(stack_picture(samples.comparison(gvisor=True), "en"))
    assert {"host PID 27895", "host PID 27923", "PID 1", "PID 7"} <= set(texts(drawn, "pid"))
    assert any(t.endswith("…") for t in texts(drawn, "process"))
    assert texts(drawn, "wrapper") == ["qemu-system-x86_64", "runsc-sandbox"]
    assert f"guest kernel {samples.GUEST_KERNEL}" in texts(drawn, "own-kernel")
    assert "Sentry, gVisor's own kernel 4.4.0" in texts(drawn, "own-kernel")


def test_fit_counts_chinese_characters_as_wide() -> None:
    assert text_width("主機", 20) == 40
    assert fit("主機的 PID 命名空間", 20, 60) == "主機…"
    assert fit("short", 20, 500) == "short"
