"""Block Kit for the VM and the comparison: one fields section per question, a side per field.

Slack lays a section's fields out in two columns, so container and VM sit side by side;
a gVisor column, when there is one, wraps under them. Long listings (the guest's `ps`,
dozens of kernel threads) are cut, with "Show all" for the whole text as a file.
"""

from __future__ import annotations

from bot.core.messages import say
from bot.core.vm import text as compare_text
from bot.core.vm.replies import CompareReply, CompareShown, VmShown
from bot.slack import tables
from bot.slack.blocks import (
    Block,
    Message,
    Origin,
    _code,
    _context,
    _fallback,
    _header,
    _plain,
    _section,
    _steps,
    fit,
)
from bot.slack.picture_blocks import picture_button

MAX_FIELD = 2000
MAX_FIELDS = 10


def message(reply: CompareReply, origin: Origin) -> Message:
    match reply:
        case VmShown():
            return vm(reply, origin)
        case CompareShown():
            return comparison(reply, origin)


def vm(reply: VmShown, origin: Origin) -> Message:
    view, lang = reply.view, reply.lang
    summary = compare_text.vm_summary(view, lang)
    host_title, guest_title = say("vm_host_title", lang), say("vm_guest_title", lang)
    host = tables.tree_lines(compare_text.host_tree(view.host))
    guest = tables.top_lines(view.guest.ps)
    blocks: list[Block] = [_header(say("vm_title", lang)), _section(summary)]
    cut_any = False
    for title, lines in ((host_title, host), (guest_title, guest)):
        code, more = _code(title, lines)
        blocks.append(_section(code))
        if more:
            cut_any = True
            blocks.append(_context(say("cut", lang, more=more)))
    blocks.append(_steps(reply.steps, origin, lang, shown=(), cut=cut_any, what="vm"))
    full = "\n".join([host_title, *host, "", guest_title, *guest])
    return Message(text=_fallback(_plain(summary)), blocks=fit(blocks), full_listing=full)


def comparison(reply: CompareShown, origin: Origin) -> Message:
    data, lang = reply.comparison, reply.lang
    titles = [compare_text.side_title(side, lang) for side in data.sides]
    rows = compare_text.rows(data, lang)
    blocks: list[Block] = [
        _header(say("compare_title", lang)),
        _context(say("compare_host_kernel", lang, kernel=data.host_kernel)),
    ]
    for row_title, cells in rows:
        blocks.append(_fields_section(f"*{row_title}*", titles, cells))
    if data.gvisor == "absent":
        blocks.append(_context(say("gvisor_absent", lang)))
    elif data.gvisor == "failed":
        blocks.append(_context(say("gvisor_failed", lang, detail=data.gvisor_detail)))
    full: list[str] = []
    for row_title, cells in rows:
        full.append(_plain(row_title))
        full += [f"  {title}: {_plain(cell)}" for title, cell in zip(titles, cells, strict=True)]
    cut_any = False
    machine = data.side("vm")
    if machine is not None:
        guest_title = say("vm_guest_title", lang)
        guest = tables.top_lines(machine.inside)
        code, more = _code(guest_title, guest)
        blocks.append(_section(code))
        if more:
            cut_any = True
            blocks.append(_context(say("cut", lang, more=more)))
        full += ["", guest_title, *guest]
    blocks.append(_steps(reply.steps, origin, lang, shown=(), cut=cut_any, what="compare"))
    blocks[-1]["elements"].append(picture_button(origin, lang))
    summary = compare_text.summary(data, lang)
    return Message(
        text=_fallback(_plain(summary)), blocks=fit(blocks), full_listing="\n".join(full)
    )


def _fields_section(text: str, titles: list[str], cells: list[str]) -> Block:
    fields = [
        {"type": "mrkdwn", "text": _limit(f"*{title}*\n{cell}")}
        for title, cell in zip(titles, cells, strict=True)
    ]
    return {
        "type": "section",
        "text": {"type": "mrkdwn", "text": text},
        "fields": fields[:MAX_FIELDS],
    }


def _limit(text: str) -> str:
    return text if len(text) <= MAX_FIELD else text[: MAX_FIELD - 1] + "…"
