"""Lay a picture out as SVG: boxes, bars and the live numbers as real text.

Text stays text (not paths), so the SVG's text layer holds every PID, namespace id and
kernel version the picture shows. Sizes are chosen for Slack's preview: a 1200 px wide
picture shown about 360 px tall on a phone keeps 22 px text readable. All text is
escaped; commands come from the demo, not from us.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape, quoteattr

from bot.core.picture.models import Crossing, Line, Picture, PidPicture, Stack, StackPicture

FONT = "WenQuanYi Micro Hei"
"""One family for every script: Debian's fonts-wqy-microhei covers Latin, Traditional and
Simplified Chinese, so no character needs a fallback font."""
WIDTH = 1200
PAD = 20
INK = "#1f2933"
MUTED = "#52606d"
HOST_FILL, HOST_LINE = "#eef1f5", "#8a96a3"
INNER_FILL, INNER_LINE = "#dff0ff", "#2b7bb9"
OUTER_FILL, OUTER_LINE = "#fff3d6", "#c98a00"
KERNEL_FILL = "#2d3e50"
HARDWARE_FILL = "#7b8794"
STACK_COLOURS = {
    "container": ("#dff0ff", "#2b7bb9", ""),
    "vm": ("#fff3d6", "#c98a00", "#a86400"),
    "gvisor": ("#f1e8fb", "#7a4eb0", "#6b3fa0"),
}


def svg(picture: Picture, *, font: str = FONT) -> str:
    canvas = _Canvas(font)
    if isinstance(picture, PidPicture):
        return _pids(canvas, picture)
    return _stacks(canvas, picture)


def text_width(text: str, size: float) -> float:
    """An estimate that errs wide: CJK characters are square, Latin ones about 0.55 em."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in ("W", "F"))
    return (wide + 0.55 * (len(text) - wide)) * size


def fit(text: str, size: float, room: float) -> str:
    """`text`, cut with an ellipsis where it would overflow `room` pixels."""
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text.rstrip() + "…"


class _Canvas:
    def __init__(self, font: str) -> None:
        self.font = font
        self.parts: list[str] = []

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: str,
        line: str = "none",
        width: float = 2,
        radius: float = 8,
        dashed: bool = False,
    ) -> None:
        dash = ' stroke-dasharray="8 6"' if dashed else ""
        self.parts.append(
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="{radius}" '
            f'fill="{fill}" stroke="{line}" stroke-width="{width}"{dash}/>'
        )

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float,
        colour: str = INK,
        bold: bool = False,
        anchor: str = "start",
        room: float | None = None,
        cls: str = "",
    ) -> None:
        shown = fit(text, size, room) if room is not None else text
        weight = ' font-weight="bold"' if bold else ""
        klass = f" class={quoteattr(cls)}" if cls else ""
        self.parts.append(
            f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" fill="{colour}"'
            f' text-anchor="{anchor}"{weight}{klass}>{escape(shown)}</text>'
        )

    def document(self, height: float, title: str) -> str:
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
            f'viewBox="0 0 {WIDTH} {height:.0f}" font-family={quoteattr(self.font)}>'
            f"<title>{escape(title)}</title>"
            f'<rect width="{WIDTH}" height="{height:.0f}" fill="#ffffff"/>'
        )
        return "".join([head, *self.parts, "</svg>"])


# --------------------------------------------------------------------- the PID picture

ROW = 58
PILL_H = 44
BOUNDARY = 740
"""The x of the container namespace's right edge: every process sits across it."""
INNER_W, OUTER_W = 130, 150


def _pids(canvas: _Canvas, picture: PidPicture) -> str:
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
    _bar(canvas, kernel_y, picture.kernel_label, fill=KERNEL_FILL, height=56, cls="kernel")
    return canvas.document(kernel_y + 56 + PAD, picture.title)


def _crossing(canvas: _Canvas, process: Crossing, exec_label: str, y: float) -> None:
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


# ----------------------------------------------------------------- the stacks picture

LINE_H, LINE_GAP = 40, 6
GAP = 24
TOP = 150


def _stacks(canvas: _Canvas, picture: StackPicture) -> str:
    canvas.text(PAD, 44, picture.title, size=30, bold=True, room=WIDTH - 2 * PAD)
    count = max(1, len(picture.stacks))
    col_w = (WIDTH - 2 * PAD - (count - 1) * GAP) / count
    size = 20 if count < 3 else 17
    height = max(_content_height(stack) for stack in picture.stacks) if picture.stacks else 0
    kernel_y = TOP + height + 12
    for index, stack in enumerate(picture.stacks):
        x = PAD + index * (col_w + GAP)
        canvas.text(
            x + col_w / 2,
            96,
            stack.title,
            size=26 if count < 3 else 22,
            bold=True,
            anchor="middle",
            room=col_w,
        )
        canvas.text(
            x + col_w / 2,
            128,
            stack.start,
            size=size,
            colour=MUTED,
            anchor="middle",
            room=col_w,
            cls="start",
        )
        _stack(canvas, stack, x, col_w, kernel_y - 12, size)
    _bar(canvas, kernel_y, picture.host_kernel_label, fill=KERNEL_FILL, height=56, cls="kernel")
    hardware_y = kernel_y + 64
    _bar(canvas, hardware_y, picture.hardware_label, fill=HARDWARE_FILL, height=44)
    return canvas.document(hardware_y + 44 + PAD, picture.title)


def _bar(canvas: _Canvas, y: float, label: str, *, fill: str, height: float, cls: str = "") -> None:
    """A full-width bar with its label centred: a kernel, or the hardware under it."""
    canvas.rect(PAD, y, WIDTH - 2 * PAD, height, fill=fill)
    size = 24 if height > 50 else 20
    canvas.text(WIDTH / 2, y + height / 2 + size * 0.36, label, size=size, colour="#ffffff",
                anchor="middle", room=WIDTH - 4 * PAD, cls=cls)  # fmt: skip


def _content_height(stack: Stack) -> float:
    height = len(stack.processes) * (LINE_H + LINE_GAP) + 34  # processes and the memory line
    if stack.wrapper is not None:
        height += (LINE_H + LINE_GAP) + 64 + 2 * 12  # own kernel, two wrapper lines, padding
    return height


def _stack(canvas: _Canvas, stack: Stack, x: float, w: float, bottom: float, size: int) -> None:
    fill, line, kernel_fill = STACK_COLOURS[stack.kind]
    y = bottom - _content_height(stack)
    inner_x, inner_w = x, w
    if stack.wrapper is not None:
        canvas.rect(x, y, w, bottom - y, fill=fill, line=line, width=3)
        canvas.text(
            x + w / 2,
            bottom - 40,
            stack.wrapper.text,
            size=size,
            bold=True,
            anchor="middle",
            room=w - 24,
            cls="wrapper",
        )
        canvas.text(
            x + w / 2,
            bottom - 14,
            stack.wrapper.tag,
            size=size,
            anchor="middle",
            room=w - 24,
            cls="wrapper-tag",
        )
        inner_x, inner_w = x + 12, w - 24
        y += 12
    canvas.text(
        inner_x + inner_w / 2,
        y + 24,
        stack.memory,
        size=size,
        colour=MUTED,
        anchor="middle",
        room=inner_w,
        cls="memory",
    )
    y += 34
    for process in stack.processes:
        canvas.rect(
            inner_x, y, inner_w, LINE_H, fill="#ffffff" if stack.wrapper else fill, line=line
        )
        _line(canvas, process, inner_x + 12, y + LINE_H / 2 + size * 0.36, inner_w - 24, size)
        y += LINE_H + LINE_GAP
    if stack.kernel:
        canvas.rect(inner_x, y, inner_w, LINE_H, fill=kernel_fill)
        canvas.text(
            inner_x + inner_w / 2,
            y + LINE_H / 2 + size * 0.36,
            stack.kernel,
            size=size,
            colour="#ffffff",
            anchor="middle",
            room=inner_w - 24,
            cls="own-kernel",
        )


def _line(canvas: _Canvas, line: Line, x: float, y: float, room: float, size: int) -> None:
    """The text cut to fit, its tag (the live number) whole and right-aligned."""
    tag_w = text_width(line.tag, size) + 12 if line.tag else 0
    canvas.text(x, y, line.text, size=size, room=room - tag_w, cls="process")
    if line.tag:
        canvas.text(x + room, y, line.tag, size=size, bold=True, anchor="end", cls="pid")
