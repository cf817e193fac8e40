"""Block Kit for the help menu, the lesson list and App Home, with a "Run" button per demo."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.core.course import Lesson
from bot.core.grammar import Command
from bot.core.lang import Lang
from bot.core.messages import HELP, button, say
from bot.core.replies import Help, LessonList
from bot.slack.blocks.kit import (
    MAX_BLOCKS,
    MAX_VIEW_BLOCKS,
    Block,
    Message,
    Origin,
    actions,
    button_value,
    context,
    divider,
    fallback,
    header,
    notice_text,
    section,
)
from bot.slack.blocks.kit import button as make_button


def help_menu(reply: Help, origin: Origin) -> Message:
    lang = reply.lang
    blocks: list[Block] = []
    if reply.unknown is not None:
        blocks.append(section(f":warning: {notice_text(reply.unknown)}"))
    if reply.lessons:
        blocks.append(header(say("menu_title", lang)))
        for lesson in reply.lessons:
            blocks.append(section(f"*{lesson.title.get(lang)}*\n{lesson.summary.get(lang)}"))
    blocks += run_buttons(reply.lessons, lang, origin)
    lines = "\n".join(f"`{usage}` {text[lang]}" for usage, text in HELP)
    blocks.append(section(lines))
    text = notice_text(reply.unknown) if reply.unknown else say("menu_title", lang)
    return Message(text=fallback(text), blocks=blocks[:MAX_BLOCKS])


def lesson_list(reply: LessonList, origin: Origin) -> Message:
    return help_menu(Help(lang=reply.lang, lessons=reply.lessons), origin)


def home_view(lessons: Sequence[Lesson], lang: Lang, *, owner: str) -> dict[str, Any]:
    """App Home: what the tutor teaches and how to start."""
    origin = Origin(owner=owner)
    blocks: list[Block] = [
        header("container-tutor"),
        section(say("home_intro", lang)),
        section(say("home_start", lang)),
    ]
    for lesson in lessons:
        blocks.append(divider())
        blocks.append(section(f"*{lesson.title.get(lang)}*\n{lesson.summary.get(lang)}"))
        topics = "\n".join(f"• {part.title.get(lang)}" for part in lesson.sections)
        blocks.append(context(topics))
    blocks += run_buttons(lessons, lang, origin)
    return {"type": "home", "blocks": blocks[:MAX_VIEW_BLOCKS]}


def run_buttons(lessons: Sequence[Lesson], lang: Lang, origin: Origin) -> list[Block]:
    """One "Run DEMO" button per demo of the course (none when there are no demos)."""
    demos = [demo for lesson in lessons for demo in lesson.demos]
    buttons = [
        make_button(
            button("run", lang, demo=d.id),
            f"run:{d.id}",
            button_value(origin, Command("run", d.id)),
        )
        for d in demos
    ]
    return [actions(buttons)] if buttons else []
