"""Pictures drawn from real demos on the real engine, rendered by the real cairo and fonts.

The SVG's text layer is read back and compared with what the host itself says: the PID
the engine gives the container's main process, this process's own PID namespace, the
kernel's release, qemu's PID.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from bot.core.picture.build import pid_picture, stack_picture
from bot.core.picture.ports import PictureError
from bot.pictures.canvas import FONT, WIDTH
from bot.pictures.fonts import font_for, missing_glyphs
from bot.pictures.painter import CairoPainter
from bot.pictures.svg import svg
from testkit.png import PICTURE_BUDGET, png_size
from tests.integration.test_demo_engine import service
from tests.integration.test_vm import service as compare_service

NS = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[2]


def texts(drawn: str, cls: str) -> list[str]:
    root = ET.fromstring(drawn)
    return [e.text or "" for e in root.iter(f"{NS}text") if e.get("class") == cls]


def height(drawn: str) -> int:
    return int(ET.fromstring(drawn).get("height", "0"))


def container_pid(engine: Any, container_id: str) -> int:
    return int(engine.containers.get(container_id).attrs["State"]["Pid"])


def fits_slack(png: bytes, drawn: str) -> None:
    assert png_size(png) == (WIDTH, height(drawn))
    assert len(png) <= PICTURE_BUDGET


@pytest.mark.usefixtures("images", "leftovers")
def test_the_pid_picture_of_a_live_demo_holds_its_pids_namespaces_and_kernel(engine: Any) -> None:
    demos = service(engine)
    try:
        views = demos.run("pictures", "nginx")
        executed = demos.exec("pictures")
        views = demos.views("pictures")
        painter = CairoPainter()
        for lang in ("en", "zh"):
            drawn = svg(pid_picture(views, lang))
            assert texts(drawn, "ns-pid")[0] == "1"
            host_pids = texts(drawn, "host-pid")
            assert host_pids[0] == str(container_pid(engine, views.container.id))
            assert str(executed.process.host_pid) in host_pids
            assert texts(drawn, "exec") == ["started by exec" if lang == "en" else "由 exec 啟動"]
            assert os.readlink("/proc/self/ns/pid") in texts(drawn, "host-ns")[0]
            assert views.namespaces.container in texts(drawn, "container-ns")[0]
            assert views.namespaces.container != views.namespaces.host
            assert os.uname().release in texts(drawn, "kernel")[0]
            fits_slack(painter.png_of(drawn), drawn)
    finally:
        demos.clean("pictures")


@pytest.mark.vm
@pytest.mark.usefixtures("images", "leftovers")
def test_the_stacks_picture_of_a_live_comparison_holds_both_kernels_and_qemu(
    engine: Any,
) -> None:
    compare, demos = compare_service(engine)
    try:
        comparison = compare.compare("pictures")
        machine = comparison.side("vm")
        assert machine is not None
        qemu_pid = container_pid(engine, compare.vm("pictures").container.id)
        painter = CairoPainter()
        for lang in ("en", "zh"):
            drawn = svg(stack_picture(comparison, lang))
            assert texts(drawn, "wrapper") == ["qemu-system-x86_64"]
            assert str(qemu_pid) in texts(drawn, "wrapper-tag")[0]
            assert any(machine.kernel in t for t in texts(drawn, "own-kernel"))
            assert machine.kernel != os.uname().release
            assert os.uname().release in texts(drawn, "kernel")[0]
            nginx = comparison.side("container")
            assert nginx is not None
            tags = texts(drawn, "pid")
            assert all(any(str(task.pid) in tag for tag in tags) for task in nginx.host.tasks)
            assert "PID 1" in tags  # the guest's init
            starts = texts(drawn, "start")
            assert f"{nginx.start_s:.2f}" in starts[0] and f"{machine.start_s:.2f}" in starts[1]
            fits_slack(painter.png_of(drawn), drawn)
    finally:
        compare.clean("pictures")
        demos.clean("pictures")


def test_chinese_labels_are_drawn_with_a_real_cjk_font_never_a_fallback() -> None:
    """Ask fontconfig (as cairo does) which font the family becomes, and cairo for glyphs."""
    from testkit import picture_samples as samples

    drawn = svg(pid_picture(samples.views(), "zh")) + svg(stack_picture(samples.comparison(), "zh"))
    chinese = {ch for ch in drawn if "\u4e00" <= ch <= "\u9fff"}
    assert {"主", "機", "核", "心", "體"} <= chinese
    found = font_for(FONT)
    assert found.is_family(FONT), f"fontconfig offers {found.families} for {FONT}"
    assert os.path.basename(found.file) == "wqy-microhei.ttc"
    if shutil.which("fc-match"):  # the same answer from fontconfig's own command
        answer = subprocess.run(
            ["fc-match", "--format=%{file}", FONT], capture_output=True, text=True, check=True
        )
        assert answer.stdout == found.file
    assert missing_glyphs("".join(chinese), FONT) == set()
    png = CairoPainter().png_of(drawn.split("</svg>")[0] + "</svg>")
    assert png_size(png)[0] == WIDTH


def test_a_family_that_is_not_installed_fails_instead_of_drawing_boxes() -> None:
    from testkit import picture_samples as samples

    fallback = font_for("No Such Font")
    assert not fallback.is_family("No Such Font")  # fontconfig quietly offers another
    assert missing_glyphs("主機", fallback.families[0]) == {"主", "機"}
    with pytest.raises(PictureError, match="not installed"):
        CairoPainter(font="No Such Font").png(pid_picture(samples.views(), "zh"))


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env={**os.environ, "VM_ACCEL": "tcg"},
        capture_output=True,
        text=True,
        timeout=240,
    )


@pytest.mark.usefixtures("images", "leftovers")
def test_demo_nginx_with_a_picture_writes_a_chinese_png_and_leaves_nothing(
    engine: Any, tmp_path: Path
) -> None:
    target = tmp_path / "pids.png"
    done = run_cli("demo", "nginx", "--lang", "zh", "--picture", str(target))
    assert done.returncode == 0, done.stderr
    assert f"圖片已寫入 {target}" in done.stdout
    width, _height = png_size(target.read_bytes())
    assert width == WIDTH and target.stat().st_size <= PICTURE_BUDGET


@pytest.mark.vm
@pytest.mark.usefixtures("images", "leftovers")
def test_demo_vm_with_a_picture_draws_the_vm_next_to_a_container(
    engine: Any, tmp_path: Path
) -> None:
    target = tmp_path / "vm.png"
    done = run_cli("demo", "vm", "--picture", str(target))
    assert done.returncode == 0, done.stderr
    assert f"Picture written to {target}" in done.stdout
    assert png_size(target.read_bytes())[0] == WIDTH


def test_an_unknown_language_fails_the_command_before_any_demo(tmp_path: Path) -> None:
    done = run_cli("demo", "nginx", "--lang", "xx", "--picture", str(tmp_path / "p.png"))
    assert done.returncode == 2 and "--lang: en or zh" in done.stderr
