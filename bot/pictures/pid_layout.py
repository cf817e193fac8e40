"""The PID picture: the host's namespace, the shim inside it, the container's namespace inside
that, each process across its boundary, and the one kernel along the bottom."""

from __future__ import annotations

from bot.core.picture.models import Crossing, PidPicture
from bot.pictures.canvas import KERNEL_FILL, MUTED, PAD, WIDTH, Canvas, bar

HOST_FILL, HOST_LINE = "#eef1f5", "#8a96a3"
INNER_FILL, INNER_LINE = "#dff0ff", "#2b7bb9"
OUTER_FILL, OUTER_LINE = "#fff3d6", "#c98a00"
ROW = 58
PILL_H = 44
BOUNDARY = 740
"""The x of the container namespace's right edge: every process sits across it."""
INNER_W, OUTER_W = 130, 150


def draw_pids(canvas: Canvas, picture: PidPicture) -> str:
    canvas.text(PAD, 44, picture.title, size=30, bold=True, room=WIDTH - 2 * PAD)
    host_y, shim_y, box_y = 64, 118, 170
    header_y = box_y + 74
    rows_y = header_y + 14
    rows = len(picture.processes) + (1 if picture.more else 0)
    box_bottom = rows_y + rows * ROW + 8
    shim_bottom = box_bottom + 26
    host_bottom = shim_bottom + 26
    canvas.rect(PAD, host_y, WIDTH - 2 * PAD, host_bottom - host_y, fill=HOST_FILL, line=HOST_LINE)
    canvas.text(PAD + 18, host_y + 34, picture.host_label, size=24, bold=True, cls="host-ns")
    canvas.rect(60, shim_y, WIDTH - 120, shim_bottom - shim_y, fill="#f8f9fb", line=HOST_LINE)
    canvas.text(78, shim_y + 34, picture.shim_label, size=22, colour=MUTED, cls="shim")
    canvas.rect(100, box_y, BOUNDARY - 100, box_bottom - box_y, fill=INNER_FILL, line=INNER_LINE)
    canvas.text(
        118, box_y + 34, picture.container_label, size=22, colour="#1d5a8a", cls="container-ns"
    )
    canvas.parts.append(
        f'<line x1="{BOUNDARY}" y1="{box_y}" x2="{BOUNDARY}" y2="{box_bottom}" '
        f'stroke="{INNER_LINE}" stroke-width="4"/>'
    )
    canvas.text(
        BOUNDARY - INNER_W / 2,
        header_y,
        picture.inside_label,
        size=18,
        colour="#1d5a8a",
        anchor="middle",
        bold=True,
    )
    canvas.text(
        BOUNDARY + OUTER_W / 2,
        header_y,
        picture.outside_label,
        size=18,
        colour="#8a5a00",
        anchor="middle",
        bold=True,
    )
    for index, process in enumerate(picture.processes):
        _crossing(canvas, process, picture.exec_label, rows_y + index * ROW)
    if picture.more:
        canvas.text(118, rows_y + rows * ROW - 24, picture.more, size=20, colour=MUTED)
    kernel_y = host_bottom + 14
    bar(canvas, kernel_y, picture.kernel_label, fill=KERNEL_FILL, height=56, cls="kernel")
    return canvas.document(kernel_y + 56 + PAD, picture.title)


def _crossing(canvas: Canvas, process: Crossing, exec_label: str, y: float) -> None:
    left = BOUNDARY - INNER_W
    canvas.text(118, y + 30, process.command, size=22, room=left - 118 - 14, cls="command")
    canvas.rect(left, y, INNER_W, PILL_H, fill="#ffffff", line=INNER_LINE, dashed=process.by_exec)
    canvas.rect(
        BOUNDARY, y, OUTER_W, PILL_H, fill=OUTER_FILL, line=OUTER_LINE, dashed=process.by_exec
    )
    canvas.text(
        BOUNDARY - INNER_W / 2,
        y + 31,
        str(process.ns_pid),
        size=24,
        bold=True,
        anchor="middle",
        colour="#1d5a8a",
        cls="ns-pid",
    )
    canvas.text(
        BOUNDARY + OUTER_W / 2,
        y + 31,
        str(process.host_pid),
        size=24,
        bold=True,
        anchor="middle",
        colour="#8a5a00",
        cls="host-pid",
    )
    if process.by_exec:
        canvas.text(
            BOUNDARY + OUTER_W + 16,
            y + 30,
            exec_label,
            size=20,
            colour="#a23b12",
            room=WIDTH - 60 - BOUNDARY - OUTER_W - 30,
            cls="exec",
        )
