"""The VM and the comparison rendered for the terminal and for Slack, within Slack's limits."""

from __future__ import annotations

from rich.console import Console

from bot.console.render import render
from bot.core.demo.models import ContainerRef, Table
from bot.core.vm.models import Comparison, GuestReport, HostSeen, HostTask, Side, VmView
from bot.core.vm.replies import CompareShown, VmShown
from bot.slack.blocks import dispatch, kit

SHIM = "containerd-shim-runc-v2"
HOST_KERNEL = "6.18.44-host"
KTHREADS = tuple(
    (str(n), "2", "root", f"[kworker/0:{n}-events_power_efficient]") for n in range(3, 400)
)
GUEST_PS = Table(
    titles=("PID", "PPID", "USER", "COMMAND"),
    rows=(("1", "0", "root", "init"), ("2", "0", "root", "[kthreadd]"), *KTHREADS),
)
NGINX_PS = Table(
    titles=("PID", "PPID", "USER", "COMMAND"),
    rows=(
        ("1", "0", "root", "nginx: master process nginx -g daemon off;"),
        ("7", "1", "www-data", "nginx: worker process"),
    ),
)


def _ref(name: str) -> ContainerRef:
    return ContainerRef(
        id=name, name=name, image="x", state="running", owner="U1", demo="d", expires=0
    )


def _seen(*tasks: tuple[int, str, int]) -> HostSeen:
    return HostSeen(
        shim_pid=900,
        shim_name=SHIM,
        tasks=tuple(
            HostTask(pid=pid, ppid=900, name=name, command=name, threads=threads, rss_kib=4096)
            for pid, name, threads in tasks
        ),
    )


def comparison() -> Comparison:
    many = [(1000 + n, f"nginx: worker process {n}", 1) for n in range(12)]
    return Comparison(
        host_kernel=HOST_KERNEL,
        sides=(
            Side(
                kind="container",
                name="container-tutor-nginx-1",
                host=_seen((999, "nginx: master process nginx -g daemon off;", 1), *many),
                kernel=HOST_KERNEL,
                inside=NGINX_PS,
                memory_kib=8192,
                start_s=0.31,
            ),
            Side(
                kind="vm",
                name="container-tutor-vm-1",
                host=_seen((2000, "qemu-system-x86_64", 3)),
                kernel="6.1.0-56-cloud-amd64",
                inside=GUEST_PS,
                memory_kib=128 * 1024,
                start_s=2.4,
                accelerator="tcg",
            ),
            Side(
                kind="gvisor",
                name="container-tutor-nginx-2",
                host=_seen((3000, "runsc-sandbox", 14), (3001, "exe", 1)),
                kernel="4.4.0",
                inside=NGINX_PS,
                memory_kib=40_000,
                start_s=0.9,
            ),
        ),
        gvisor="shown",
    )


def vm_view() -> VmView:
    return VmView(
        container=_ref("container-tutor-vm-1"),
        guest=GuestReport(
            kernel="6.1.0-56-cloud-amd64",
            memtotal_kib=94_800,
            ps=GUEST_PS,
            accelerator="tcg",
            guest_ram_mb=128,
            boot_s=2.4,
        ),
        host=_seen((2000, "qemu-system-x86_64", 3)),
        host_kernel=HOST_KERNEL,
    )


def within_limits(message: kit.Message) -> None:
    assert message.text and len(message.text) <= kit.MAX_FALLBACK
    assert len(message.blocks) <= kit.MAX_BLOCKS
    for block in message.blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= kit.MAX_SECTION
            fields = block.get("fields") or []
            assert len(fields) <= 10
            assert all(len(field["text"]) <= 2000 for field in fields)
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= kit.MAX_HEADER


def test_slack_puts_each_question_in_one_section_with_a_field_per_side() -> None:
    origin = kit.Origin(owner="U1", channel="C1", dm="D1")
    message = dispatch.message(CompareShown(comparison()), origin)
    within_limits(message)
    rows = [b for b in message.blocks if b["type"] == "section" and b.get("fields")]
    assert len(rows) == 5
    assert all(len(row["fields"]) == 3 for row in rows)
    host, kernel, pid1, memory, start = rows
    assert "qemu-system-x86_64" in host["fields"][1]["text"]
    assert "… and 7 more" in host["fields"][0]["text"]
    assert HOST_KERNEL in kernel["fields"][0]["text"] and "4.4.0" in kernel["fields"][2]["text"]
    assert "no kernel threads" in pid1["fields"][0]["text"]
    assert "398 of them kernel threads" in pid1["fields"][1]["text"]
    assert "128 MB of guest RAM" in memory["fields"][1]["text"]
    assert "2.40 s" in start["fields"][1]["text"] and "TCG" in start["fields"][1]["text"]
    actions = [e["action_id"] for e in message.blocks[-1]["elements"]]
    assert actions == ["ct:quiz", "ct:clean", "ct:share", "ct:show_all", "pic:show"]
    assert "[kworker/0:399-events_power_efficient]" in message.full_listing


def test_slack_says_how_to_get_gvisor_when_the_engine_has_none() -> None:
    data = comparison().model_copy(update={"gvisor": "absent"})
    data = data.model_copy(update={"sides": data.sides[:2]})
    message = dispatch.message(CompareShown(data, "zh"), kit.Origin(owner="U1"))
    within_limits(message)
    text = str(message.blocks)
    assert "runsc install" in text and "虛擬機（qemu）" in text


def test_slack_vm_reply_shows_one_qemu_and_offers_the_comparison() -> None:
    message = dispatch.message(VmShown(vm_view()), kit.Origin(owner="U1", dm="D1"))
    within_limits(message)
    text = str(message.blocks)
    assert "one process, `qemu-system-x86_64` (PID 2000, 3 threads)" in text
    assert "*398 kernel threads*" in text
    actions = [e["action_id"] for e in message.blocks[-1]["elements"]]
    assert actions[:2] == ["ct:compare", "ct:clean"] and "ct:show_all" in actions


def test_the_terminal_shows_the_same_rows_and_columns() -> None:
    console = Console(record=True, width=240)
    console.print(render(CompareShown(comparison())))
    console.print(render(VmShown(vm_view())))
    text = console.export_text()
    for label in ("Container (runc)", "Virtual machine (qemu)", "gVisor sandbox (runsc)"):
        assert label in text
    for row in ("What the host sees", "PID 1 and its company", "Memory", "Start"):
        assert row in text
    assert "qemu-system-x86_64,2000" in text
    assert "… 385" in text  # the guest's long list keeps its head and tail
