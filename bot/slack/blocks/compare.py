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
from bot.slack.blocks.kit import (
    Block,
    Message,
    Origin,
    code,
    context,
    fallback,
    fit,
    header,
    plain,
    section,
    step_buttons,
)
from bot.slack.blocks.picture import picture_button

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
    blocks: list[Block] = [header(say("vm_title", lang)), section(summary)]
    cut_any = False
    for title, lines in ((host_title, host), (guest_title, guest)):
        listing, more = code(title, lines)
        blocks.append(section(listing))
        if more:
            cut_any = True
            blocks.append(context(say("cut", lang, more=more)))
    blocks.append(step_buttons(reply.steps, origin, lang, shown=(), cut=cut_any, what="vm"))
    full = "\n".join([host_title, *host, "", guest_title, *guest])
    return Message(text=fallback(plain(summary)), blocks=fit(blocks), full_listing=full)


def comparison(reply: CompareShown, origin: Origin) -> Message:
    data, lang = reply.comparison, reply.lang
    titles = [compare_text.side_title(side, lang) for side in data.sides]
    rows = compare_text.rows(data, lang)
    blocks: list[Block] = [
        header(say("compare_title", lang)),
        context(say("compare_host_kernel", lang, kernel=data.host_kernel)),
    ]
    for row_title, cells in rows:
        blocks.append(_fieldssection(f"*{row_title}*", titles, cells))
    if data.gvisor == "absent":
        blocks.append(context(say("gvisor_absent", lang)))
    elif data.gvisor == "failed":
        blocks.append(context(say("gvisor_failed", lang, detail=data.gvisor_detail)))
    full: list[str] = []
    for row_title, cells in rows:
        full.append(plain(row_title))
        full += [f"  {title}: {plain(cell)}" for title, cell in zip(titles, cells, strict=True)]
    cut_any = False
    machine = data.side("vm")
    if machine is not None:
        guest_title = say("vm_guest_title", lang)
        guest = tables.top_lines(machine.inside)
        listing, more = code(guest_title, guest)
        blocks.append(section(listing))
        if more:
            cut_any = True
            blocks.append(context(say("cut", lang, more=more)))
        full += ["", guest_title, *guest]
    blocks.append(step_buttons(reply.steps, origin, lang, shown=(), cut=cut_any, what="compare"))
    blocks[-1]["elements"].append(picture_button(origin, lang))
    summary = compare_text.summary(data, lang)
    return Message(text=fallback(plain(summary)), blocks=fit(blocks), full_listing="\n".join(full))


def _fieldssection(text: str, titles: list[str], cells: list[str]) -> Block:
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
