"""A picture said in words: Slack's alt text, for screen readers and for the text layer.

It is built from the same layout the painter draws, so the words and the picture never
disagree.
"""

from __future__ import annotations

from bot.core.messages import say
from bot.core.picture.models import Crossing, Picture, PidPicture, Stack, StackPicture

MAX_ALT = 1000
"""Slack keeps alt text short; longer text is cut with an ellipsis."""


def alt_text(picture: Picture) -> str:
    text = _pids(picture) if isinstance(picture, PidPicture) else _stacks(picture)
    return text if len(text) <= MAX_ALT else text[: MAX_ALT - 1] + "…"


def _pids(picture: PidPicture) -> str:
    lang = picture.lang
    processes = _between(picture.lang).join(_crossing(p, picture) for p in picture.processes)
    if picture.more:
        processes += f" ({picture.more})"
    return say(
        "pic_alt_pids",
        lang,
        title=picture.title,
        host_ns=picture.host_ns,
        shim=picture.shim_label,
        container_ns=picture.container_ns,
        processes=processes,
        kernel=picture.kernel_label,
    )


def _crossing(process: Crossing, picture: PidPicture) -> str:
    by_exec = f" ({picture.exec_label})" if process.by_exec else ""
    return say(
        "pic_alt_process",
        picture.lang,
        command=process.command,
        ns_pid=process.ns_pid,
        host_pid=process.host_pid,
        by_exec=by_exec,
    )


def _stacks(picture: StackPicture) -> str:
    lang = picture.lang
    stacks = _between(lang).join(_stack(stack, picture) for stack in picture.stacks)
    return say(
        "pic_alt_stacks", lang, title=picture.title, stacks=stacks, kernel=picture.host_kernel_label
    )


def _stack(stack: Stack, picture: StackPicture) -> str:
    joiner = "；" if picture.lang == "zh" else "; "
    wrapper = stack.wrapper.words if stack.wrapper is not None else ""
    parts = [*(line.words for line in stack.processes), stack.kernel, wrapper]
    parts += [stack.memory, stack.start]
    return say(
        "pic_alt_stack",
        picture.lang,
        title=stack.title,
        parts=joiner.join(part for part in parts if part),
    )


def _between(lang: str) -> str:
    """What separates two sentences: a space in English, nothing after a Chinese full stop."""
    return "" if lang == "zh" else " "
