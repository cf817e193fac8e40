"""Every Slack message the tutor sends is built here, within Slack's limits.

A message is at most 50 blocks, a section's text at most 3000 characters, a header
150, and always has a fallback `text`. Listings that do not fit are cut, with a
"Show all" button that sends the whole listing as a file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.core.answer.replies import Answer
from bot.core.course import Demo, Lesson, Step
from bot.core.demo.models import DemoViews
from bot.core.demo.replies import DemoShown, ExecShown, StopShown
from bot.core.lang import Lang
from bot.core.messages import HELP, VIEW_TITLES, button, say
from bot.core.quiz.replies import AnswerShown, ProgressShown, QuestionShown
from bot.core.replies import Help, LessonList, Notice
from bot.core.reply import Reply
from bot.core.vm.replies import CompareShown, VmShown
from bot.slack import tables

MAX_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_FALLBACK = 3000
CODE_BUDGET = MAX_SECTION - 8  # room for the ``` fences and their newlines
ACTION_PREFIX = "ct:"
Block = dict[str, Any]


@dataclass(frozen=True)
class Origin:
    """Who a message is for and where they asked, carried in every button's value."""

    owner: str
    channel: str = ""
    dm: str = ""


@dataclass
class Message:
    text: str
    blocks: list[Block] = field(default_factory=list)
    full_listing: str = ""

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


def message(reply: Reply, origin: Origin) -> Message:
    match reply:
        case Notice():
            return _notice(reply)
        case Help():
            return _help(reply, origin)
        case LessonList():
            return _lessons(reply, origin)
        case DemoShown():
            return _demo(reply, origin)
        case ExecShown():
            return _exec(reply, origin)
        case StopShown():
            return _stop(reply, origin)
        case QuestionShown() | AnswerShown() | ProgressShown():
            from bot.slack import quiz_blocks  # it builds on this module's helpers

            return quiz_blocks.message(reply)
        case Answer():
            from bot.slack import answer_blocks  # it builds on this module's helpers

            return answer_blocks.message(reply, origin)
        case VmShown() | CompareShown():
            from bot.slack import compare_blocks  # it builds on this module's helpers

            return compare_blocks.message(reply, origin)


def notice_context(text: str) -> Block:
    return _context(text)


def home_view(lessons: Sequence[Lesson], lang: Lang, *, owner: str) -> dict[str, Any]:
    """App Home: what the tutor teaches and how to start."""
    origin = Origin(owner=owner)
    blocks: list[Block] = [
        _header("container-tutor"),
        _section(say("home_intro", lang)),
        _section(say("home_start", lang)),
    ]
    for lesson in lessons:
        blocks.append(_divider())
        blocks.append(_section(f"*{lesson.title.get(lang)}*\n{lesson.summary.get(lang)}"))
        topics = "\n".join(f"• {section.title.get(lang)}" for section in lesson.sections)
        blocks.append(_context(topics))
    blocks += _run_buttons(lessons, lang, origin)
    return {"type": "home", "blocks": blocks[:MAX_VIEW_BLOCKS]}


def progress(text: str) -> Message:
    return Message(text=text, blocks=[_context(f":hourglass_flowing_sand: {text}")])


def notice(text: str, *, error: bool = False) -> Message:
    return _notice(Notice("engine", {"detail": text}, error))


def button_value(origin: Origin, **extra: str) -> str:
    data = {"o": origin.owner, "c": origin.channel, "d": origin.dm, **extra}
    return json.dumps({k: v for k, v in data.items() if v}, separators=(",", ":"))


def read_value(value: str) -> tuple[Origin, dict[str, str]]:
    """Parse a button value back; anything malformed yields an owner nobody has."""
    try:
        data = json.loads(value)
        if not isinstance(data, dict):
            raise TypeError
        extra = {k: str(v) for k, v in data.items() if k not in ("o", "c", "d")}
        origin = Origin(
            owner=str(data.get("o", "")), channel=str(data.get("c", "")), dm=str(data.get("d", ""))
        )
    except (ValueError, TypeError):
        return Origin(owner=""), {}
    return origin, extra


def _notice(reply: Notice) -> Message:
    text = reply.text
    shown = f":warning: {text}" if reply.error else text
    return Message(text=_fallback(text), blocks=[_section(shown)])


def _help(reply: Help, origin: Origin) -> Message:
    lang = reply.lang
    blocks: list[Block] = []
    if reply.unknown is not None:
        blocks.append(_section(f":warning: {reply.unknown.text}"))
    if reply.lessons:
        blocks.append(_header(say("menu_title", lang)))
        for lesson in reply.lessons:
            blocks.append(_section(f"*{lesson.title.get(lang)}*\n{lesson.summary.get(lang)}"))
    blocks += _run_buttons(reply.lessons, lang, origin)
    lines = "\n".join(f"`{usage}` {text[lang]}" for usage, text in HELP)
    blocks.append(_section(lines))
    fallback = reply.unknown.text if reply.unknown else say("menu_title", lang)
    return Message(text=_fallback(fallback), blocks=blocks[:MAX_BLOCKS])


def _lessons(reply: LessonList, origin: Origin) -> Message:
    return _help(Help(lang=reply.lang, lessons=reply.lessons), origin)


def _demo(reply: DemoShown, origin: Origin) -> Message:
    lang = reply.lang
    views = reply.views
    ref = views.container
    facts = [f"`{ref.name}`", f"`{ref.image}`", ref.state]
    if views.seconds:
        facts.append(say("ready", lang, seconds=views.seconds))
    if reply.timing:
        facts.append(reply.timing)
    blocks: list[Block] = [_header(reply.demo.title.get(lang)), _context(" · ".join(facts))]
    full: list[str] = []
    cut_any = False
    for view in reply.show:
        caption = reply.demo.captions.get(view)
        if caption is not None:
            blocks.append(_section(caption.get(lang)))
        lines = _view_lines(views, view)
        full += [VIEW_TITLES[view], *lines, ""]
        code, more = _code(VIEW_TITLES[view], lines)
        blocks.append(_section(code))
        if more:
            cut_any = True
            blocks.append(_context(say("cut", lang, more=more)))
    blocks.append(_steps(reply.steps, origin, lang, shown=reply.show, cut=cut_any))
    master = next((e for e in views.pid_map if e.ns_pid == 1), None)
    summary = f"{reply.demo.title.get(lang)}: {ref.name} {ref.state}"
    if master is not None:
        summary += f"; PID 1 inside is PID {master.host_pid} on the host"
    return Message(text=_fallback(summary), blocks=fit(blocks), full_listing="\n".join(full))


def _view_lines(views: DemoViews, view: str) -> list[str]:
    if view == "top":
        return [
            "$ docker container top NAME -ef",
            *tables.top_lines(views.top),
            "",
            "$ docker container top NAME aux",
            *tables.top_lines(views.top_aux),
        ]
    if view == "ps":
        return tables.host_ps_lines(views.host_ps)
    if view == "tree":
        return tables.tree_lines(views.tree)
    return [*tables.pid_map_lines(views), "", *tables.facts_lines(views)]


def _exec(reply: ExecShown, origin: Origin) -> Message:
    lang = reply.lang
    view = reply.view
    summary = reply.summary
    blocks = _titled(reply.demo, "exec", lang)
    blocks.append(_section(summary))
    inside = tables.exec_inside_lines(view)
    tree = tables.tree_lines(view.tree)
    cut_any = False
    for title, lines in (("ps inside the container", inside), ("pstree on the host", tree)):
        code, more = _code(title, lines)
        blocks.append(_section(code))
        if more:
            cut_any = True
            blocks.append(_context(say("cut", lang, more=more)))
    blocks.append(
        _steps(tuple(reply.demo.next_steps), origin, lang, shown=(), cut=cut_any, what="exec")
    )
    full = "\n".join(["ps inside the container", *inside, "", "pstree on the host", *tree])
    return Message(text=_fallback(_plain(summary)), blocks=fit(blocks), full_listing=full)


def _stop(reply: StopShown, origin: Origin) -> Message:
    lang = reply.lang
    summary = reply.summary
    blocks = _titled(reply.demo, "stop", lang)
    blocks.append(_section(summary))
    steps: tuple[Step, ...] = ("clean",)
    blocks.append(_steps(steps, origin, lang, shown=(), cut=False, what="stop"))
    return Message(text=_fallback(_plain(summary)), blocks=blocks)


def _titled(demo: Demo, step: Step, lang: Lang) -> list[Block]:
    """A header naming the step, then the lesson's caption for it, if it has one."""
    blocks = [_header(button(step, lang))]
    caption = demo.captions.get(step)
    if caption is not None:
        blocks.append(_section(caption.get(lang)))
    return blocks


def _steps(
    steps: Sequence[Step],
    origin: Origin,
    lang: Lang,
    *,
    shown: Sequence[str],
    cut: bool,
    what: str = "",
) -> Block:
    elements = []
    for step in steps:
        style = "danger" if step in ("stop", "clean") else None
        elements.append(
            _button(button(step, lang), step, button_value(origin, a=step), style=style)
        )
    if origin.channel and origin.channel != origin.dm:
        shared = what or ",".join(shown)
        elements.append(
            _button(
                button("share", lang),
                "share",
                button_value(origin, a="share", x=shared),
                style="primary",
            )
        )
    if cut:
        elements.append(
            _button(
                button("show_all", lang),
                "show_all",
                button_value(origin, a="show_all", x=what or ",".join(shown)),
            )
        )
    return _actions(elements[:25])


def _code(title: str, lines: list[str]) -> tuple[str, int]:
    """A titled code block within the section limit; return it and how many lines were cut."""
    head = f"*{title}*\n```\n"
    budget = CODE_BUDGET - len(head)
    kept: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 1 > budget:
            break
        kept.append(line)
        used += len(line) + 1
    body = "\n".join(kept) or " "
    return f"{head}{body}\n```", len(lines) - len(kept)


def fit(blocks: list[Block]) -> list[Block]:
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    return [*blocks[: MAX_BLOCKS - 1], blocks[-1]]


def _plain(text: str) -> str:
    return text.replace("*", "").replace("`", "")


def _fallback(text: str) -> str:
    return text if len(text) <= MAX_FALLBACK else text[: MAX_FALLBACK - 1] + "…"


def _header(text: str) -> Block:
    text = text if len(text) <= MAX_HEADER else text[: MAX_HEADER - 1] + "…"
    return {"type": "header", "text": {"type": "plain_text", "text": text, "emoji": True}}


def _section(text: str) -> Block:
    text = text if len(text) <= MAX_SECTION else text[: MAX_SECTION - 1] + "…"
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> Block:
    text = text if len(text) <= MAX_SECTION else text[: MAX_SECTION - 1] + "…"
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _run_buttons(lessons: Sequence[Lesson], lang: Lang, origin: Origin) -> list[Block]:
    """One "Run DEMO" button per demo of the course (none when there are no demos)."""
    demos = [demo for lesson in lessons for demo in lesson.demos]
    buttons = [
        _button(
            button("run", lang, demo=d.id), f"run:{d.id}", button_value(origin, a="run", x=d.id)
        )
        for d in demos
    ]
    return [_actions(buttons)] if buttons else []


def _divider() -> Block:
    return {"type": "divider"}


def _actions(elements: list[Block]) -> Block:
    return {"type": "actions", "elements": elements}


def _button(label: str, action: str, value: str, *, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": label[:75], "emoji": True},
        "action_id": f"{ACTION_PREFIX}{action}",
        "value": value[:2000],
    }
    if style:
        element["style"] = style
    return element
