"""The stacks picture: the course's diagram of containers and VMs, one column per side, on
the host kernel and the hardware."""

from __future__ import annotations

from bot.core.picture.models import Line, Stack, StackPicture
from bot.pictures.canvas import (
    HARDWARE_FILL,
    KERNEL_FILL,
    MUTED,
    PAD,
    WIDTH,
    Canvas,
    bar,
    text_width,
)

STACK_COLOURS = {
    "container": ("#dff0ff", "#2b7bb9", ""),
    "vm": ("#fff3d6", "#c98a00", "#a86400"),
    "gvisor": ("#f1e8fb", "#7a4eb0", "#6b3fa0"),
}
LINE_H, LINE_GAP = 40, 6
GAP = 24
TOP = 150


def draw_stacks(canvas: Canvas, picture: StackPicture) -> str:
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
    bar(canvas, kernel_y, picture.host_kernel_label, fill=KERNEL_FILL, height=56, cls="kernel")
    hardware_y = kernel_y + 64
    bar(canvas, hardware_y, picture.hardware_label, fill=HARDWARE_FILL, height=44)
    return canvas.document(hardware_y + 44 + PAD, picture.title)


def _content_height(stack: Stack) -> float:
    height = len(stack.processes) * (LINE_H + LINE_GAP) + 34  # processes and the memory line
    if stack.wrapper is not None:
        height += (LINE_H + LINE_GAP) + 64 + 2 * 12  # own kernel, two wrapper lines, padding
    return height


def _stack(canvas: Canvas, stack: Stack, x: float, w: float, bottom: float, size: int) -> None:
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


def _line(canvas: Canvas, line: Line, x: float, y: float, room: float, size: int) -> None:
    """The text cut to fit, its tag (the live number) whole and right-aligned."""
    tag_w = text_width(line.tag, size) + 12 if line.tag else 0
    canvas.text(x, y, line.text, size=size, room=room - tag_w, cls="process")
    if line.tag:
        canvas.text(x + room, y, line.tag, size=size, bold=True, anchor="end", cls="pid")
