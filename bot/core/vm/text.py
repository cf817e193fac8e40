"""The comparison's cells in neutral Markdown, so the terminal and Slack say the same thing.

Each row is one question (what the host sees, which kernel, PID 1, memory, start) and
each column one side; a cell is built only from the live facts and the message catalogue.
"""

from __future__ import annotations

from bot.core.demo.models import ProcNode
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.vm.models import (
    Comparison,
    HostSeen,
    Side,
    VmView,
    kernel_threads,
    pid1_command,
)

ROWS = ("cmp_row_host", "cmp_row_kernel", "cmp_row_pid1", "cmp_row_memory", "cmp_row_start")
HOST_TASKS_SHOWN = 6
COMMAND_WIDTH = 48
EXAMPLE_THREADS = 3


def side_title(side: Side, lang: Lang) -> str:
    return say(f"side_{side.kind}", lang)


def accelerator_name(accelerator: str | None, lang: Lang) -> str:
    return say("accel_kvm" if accelerator == "kvm" else "accel_tcg", lang)


def rows(comparison: Comparison, lang: Lang) -> list[tuple[str, list[str]]]:
    """(row title, one cell per side) for each row of the comparison."""
    makers = (host_cell, kernel_cell, pid1_cell, memory_cell, start_cell)
    return [
        (say(key, lang), [make(side, lang) for side in comparison.sides])
        for key, make in zip(ROWS, makers, strict=True)
    ]


def host_cell(side: Side, lang: Lang) -> str:
    if not side.host.tasks:
        return say("cmp_host_gone", lang)
    lines = [say("cmp_host_list", lang, shim=side.host.shim_name, shim_pid=side.host.shim_pid)]
    for task in side.host.tasks[:HOST_TASKS_SHOWN]:
        lines.append(
            say(
                "cmp_host_task",
                lang,
                command=_cut(task.command),
                pid=task.pid,
                threads=task.threads,
            )
        )
    if len(side.host.tasks) > HOST_TASKS_SHOWN:
        lines.append(say("cmp_host_more", lang, more=len(side.host.tasks) - HOST_TASKS_SHOWN))
    lines.append(say(f"cmp_host_{side.kind}", lang))
    return "\n".join(lines)


def kernel_cell(side: Side, lang: Lang) -> str:
    return say(f"cmp_kernel_{side.kind}", lang, kernel=side.kernel)


def pid1_cell(side: Side, lang: Lang) -> str:
    threads = side.kernel_threads
    if not threads:
        return say("cmp_pid1_plain", lang, pid1=_cut(side.pid1), count=side.processes_inside)
    return say(
        "cmp_pid1_kernel",
        lang,
        pid1=_cut(side.pid1),
        count=side.processes_inside,
        kthreads=len(threads),
        examples=", ".join(f"`{name}`" for name in threads[:EXAMPLE_THREADS]),
    )


def memory_cell(side: Side, lang: Lang) -> str:
    if side.kind == "vm":
        return say("cmp_memory_vm", lang, mb=side.memory_kib // 1024, rss=side.host.rss_kib / 1024)
    key = "cmp_memory_gvisor" if side.kind == "gvisor" else "cmp_memory_rss"
    return say(key, lang, mb=side.memory_kib / 1024)


def start_cell(side: Side, lang: Lang) -> str:
    if side.kind == "vm":
        return say(
            "cmp_start_vm",
            lang,
            seconds=side.start_s,
            accel=accelerator_name(side.accelerator, lang),
        )
    return say("cmp_start_container", lang, seconds=side.start_s)


def summary(comparison: Comparison, lang: Lang) -> str:
    container = comparison.side("container")
    machine = comparison.side("vm")
    if container is None or machine is None:
        return say("compare_title", lang)
    return say(
        "compare_summary",
        lang,
        host=comparison.host_kernel,
        pid1=_cut(container.pid1),
        guest=machine.kernel,
        boot=machine.start_s,
        start=container.start_s,
    )


def vm_summary(view: VmView, lang: Lang) -> str:
    qemu = view.host.tasks[0] if view.host.tasks else None
    return say(
        "vm_summary",
        lang,
        guest=view.guest.kernel,
        seconds=view.guest.boot_s,
        accel=accelerator_name(view.guest.accelerator, lang),
        host=view.host_kernel,
        qemu=qemu.name if qemu else "?",
        pid=qemu.pid if qemu else 0,
        threads=qemu.threads if qemu else 0,
        shim=view.host.shim_name or "?",
        pid1=_cut(pid1_command(view.guest.ps)),
        kthreads=len(kernel_threads(view.guest.ps)),
    )


def host_tree(seen: HostSeen) -> ProcNode:
    """The shim and its descendants as a process tree, like `pstree -halps` of the shim."""
    children: dict[int, list[int]] = {}
    for task in seen.tasks:
        children.setdefault(task.ppid, []).append(task.pid)
    by_pid = {task.pid: task for task in seen.tasks}

    def node(pid: int) -> ProcNode:
        task = by_pid[pid]
        threads = f" {task.threads}*[{{{task.name}}}]" if task.threads > 1 else ""  # as pstree
        label = f"{task.command}{threads}"
        kids = tuple(node(kid) for kid in sorted(children.get(pid, [])) if kid in by_pid)
        return ProcNode(pid=task.pid, name=task.name, args=label, children=kids)

    tops = sorted(task.pid for task in seen.tasks if task.ppid not in by_pid)
    return ProcNode(
        pid=seen.shim_pid,
        name=seen.shim_name or "?",
        args="",
        children=tuple(node(pid) for pid in tops),
    )


def _cut(text: str, width: int = COMMAND_WIDTH) -> str:
    text = text.replace("`", "'")
    return text if len(text) <= width else text[: width - 1] + "…"
