"""Build each picture's layout from a live demo's data, worded in the learner's language.

The PID picture comes from `DemoViews` (a `pids` or `run` reply), the stacks picture from
a `Comparison` (a `compare` reply). Nothing is read here: every number is the one the
demo just showed.
"""

from __future__ import annotations

from bot.core.demo.models import DemoViews, PidMapEntry, ProcNode
from bot.core.demo.replies import DemoShown, WalkShown
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.picture.models import Crossing, Line, Picture, PidPicture, Stack, StackPicture
from bot.core.reply import Reply
from bot.core.vm.models import Comparison, Side, kernel_threads
from bot.core.vm.replies import CompareShown

MAX_CROSSINGS = 6
"""Rows of processes on the boundary; nginx has a master and a worker per CPU."""
MAX_STACK_LINES = 5
EXAMPLE_THREADS = 3
SHIM = "containerd-shim"


def picture_of(reply: Reply) -> Picture | None:
    """The picture a reply can be drawn as, in its language: a PID map, or a comparison."""
    if isinstance(reply, DemoShown) and "pids" in reply.show:
        return pid_picture(reply.views, reply.lang)
    if isinstance(reply, WalkShown) and reply.step.view == "pids":
        return pid_picture(reply.views, reply.lang)
    if isinstance(reply, CompareShown):
        return stack_picture(reply.comparison, reply.lang)
    return None


def pid_picture(views: DemoViews, lang: Lang) -> PidPicture:
    main_pid = views.container.main_pid
    shim = _parent(views.tree, main_pid)
    beside_main = {child.pid for child in shim.children} if shim is not None else set()
    entries = sorted(views.pid_map, key=lambda entry: entry.ns_pid)
    crossings = tuple(
        _crossing(entry, by_exec=entry.host_pid in beside_main and entry.host_pid != main_pid)
        for entry in entries[:MAX_CROSSINGS]
    )
    hidden = len(entries) - len(crossings)
    kernel = views.kernel
    kernel_label = (
        say("pic_kernel_shared", lang, kernel=kernel.host)
        if kernel.container in ("", kernel.host)
        else say("pic_kernel_differs", lang, kernel=kernel.host, inside=kernel.container)
    )
    shim_name = shim.name if shim is not None else SHIM
    shim_pid = shim.pid if shim is not None else 0
    return PidPicture(
        lang=lang,
        title=say("pic_pids_title", lang, name=views.container.name),
        host_ns=views.namespaces.host,
        host_label=say("pic_host_ns", lang, ns=views.namespaces.host),
        shim_pid=shim_pid,
        shim_label=say("pic_shim", lang, name=shim_name, pid=shim_pid or "?"),
        container_ns=views.namespaces.container,
        container_label=say("pic_container_ns", lang, ns=views.namespaces.container),
        inside_label=say("pic_inside", lang),
        outside_label=say("pic_outside", lang),
        exec_label=say("pic_exec", lang),
        processes=crossings,
        more=say("pic_more", lang, more=hidden) if hidden > 0 else "",
        kernel=kernel.host,
        kernel_label=kernel_label,
    )


def stack_picture(comparison: Comparison, lang: Lang) -> StackPicture:
    return StackPicture(
        lang=lang,
        title=say("pic_stacks_title", lang),
        stacks=tuple(_stack(side, lang) for side in comparison.sides),
        host_kernel=comparison.host_kernel,
        host_kernel_label=say("pic_host_kernel", lang, kernel=comparison.host_kernel),
        hardware_label=say("pic_hardware", lang),
    )


def _crossing(entry: PidMapEntry, *, by_exec: bool) -> Crossing:
    return Crossing(
        ns_pid=entry.ns_pid, host_pid=entry.host_pid, command=entry.cmd, by_exec=by_exec
    )


def _parent(tree: ProcNode, pid: int) -> ProcNode | None:
    """The node whose child is `pid`: for a demo's main process, its containerd-shim."""
    for node in tree.walk():
        if any(child.pid == pid for child in node.children):
            return node
    return None


def _stack(side: Side, lang: Lang) -> Stack:
    title = say(f"side_{side.kind}", lang)
    if side.kind == "container":
        return Stack(
            kind="container",
            title=title,
            start=say("pic_start_container", lang, seconds=side.start_s),
            processes=_lines(
                [
                    Line(text=task.command, tag=say("pic_host_pid", lang, pid=task.pid))
                    for task in side.host.tasks
                ],
                lang,
            ),
            memory=say("pic_memory_rss", lang, mb=side.memory_kib / 1024),
        )
    holder = side.host.tasks[0] if side.host.tasks else None
    wrapper = (
        Line(
            text=holder.name,
            tag=say("pic_wrapper", lang, pid=holder.pid, mb=side.host.rss_kib / 1024),
        )
        if holder is not None
        else None
    )
    if side.kind == "vm":
        return Stack(
            kind="vm",
            title=title,
            start=say(
                "pic_start_vm",
                lang,
                seconds=side.start_s,
                accel=(side.accelerator or "tcg").upper(),
            ),
            processes=_inside_lines(side, lang),
            memory=say("pic_memory_vm", lang, mb=side.memory_kib // 1024),
            kernel=say("pic_kernel_guest", lang, kernel=side.kernel),
            wrapper=wrapper,
        )
    return Stack(
        kind="gvisor",
        title=title,
        start=say("pic_start_container", lang, seconds=side.start_s),
        processes=_inside_lines(side, lang),
        memory=say("pic_memory_gvisor", lang, mb=side.memory_kib / 1024),
        kernel=say("pic_kernel_sentry", lang, kernel=side.kernel),
        wrapper=wrapper,
    )


def _inside_lines(side: Side, lang: Lang) -> tuple[Line, ...]:
    """What runs inside, by its own PIDs: ordinary processes first, then kernel threads."""
    threads = kernel_threads(side.inside)
    titles = {title.upper(): index for index, title in enumerate(side.inside.titles)}
    pid_at, command_at = titles.get("PID", 0), titles.get("COMMAND", -1)
    plain = [
        Line(text=row[command_at], tag=say("pic_pid", lang, pid=row[pid_at]))
        for row in side.inside.rows
        if len(row) > max(pid_at, command_at) and row[command_at] not in threads
    ]
    lines = _lines(plain, lang, room=MAX_STACK_LINES - (1 if threads else 0))
    if threads:
        examples = ", ".join(name.strip("[]") for name in threads[:EXAMPLE_THREADS])
        text = say("pic_kthreads", lang, count=len(threads), examples=f"{examples}, …")
        lines += (Line(text=text),)
    return lines


def _lines(lines: list[Line], lang: Lang, *, room: int = MAX_STACK_LINES) -> tuple[Line, ...]:
    if len(lines) <= room:
        return tuple(lines)
    more = Line(text=say("pic_more", lang, more=len(lines) - room + 1))
    return (*lines[: room - 1], more)
