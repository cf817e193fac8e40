"""Block Kit for one step of a demo's guided walk, sized for a phone.

A step is the step's caption, one short code block (at most `PHONE_LINES` lines of
`PHONE_WIDTH` cells) and at most five buttons: back, next (or, on the last step, what to do
after the walk), the rest in one menu. Every button carries a `walk N` command, so a click
on any replica shows that step of the learner's live demo, in place of the clicked one.
"""

from __future__ import annotations

from bot.core.demo.listing import phone_lines
from bot.core.demo.replies import WalkShown
from bot.core.grammar import Command
from bot.core.messages import button as label
from bot.core.messages import say, state, view_title
from bot.slack.blocks.demo import view_lines
from bot.slack.blocks.kit import (
    Block,
    Message,
    Origin,
    actions,
    button,
    button_value,
    context,
    fallback,
    more_menu,
    option,
    plain,
    section,
)
from bot.slack.blocks.shell import hands_on_options


def step(reply: WalkShown, origin: Origin) -> Message:
    lang, views = reply.lang, reply.views
    blocks: list[Block] = []
    if reply.number == 1 and reply.insight:
        blocks.append(section(reply.insight))
    ref = views.container
    facts = [f"`{ref.name}`", f"`{ref.image}`", state(ref.state, lang)]
    if views.seconds:
        facts.append(say("ready", lang, seconds=views.seconds))
    if reply.timing:
        facts.append(reply.timing)
    blocks.append(context(" · ".join(facts)))
    blocks.append(section(f"*{reply.title}*\n{reply.step.caption.get(lang)}"))
    listing = "\n".join(phone_lines(views, reply.step.view, lang)) or " "
    blocks.append(section(f"```\n{listing}\n```"))
    blocks.append(actions(controls(reply, origin)))
    text = reply.insight or f"{reply.title}: {reply.step.caption.get(lang)}"
    view = reply.step.view
    full = "\n".join([plain(view_title(view, lang)), *view_lines(views, view, lang)])
    return Message(text=fallback(plain(text)), blocks=blocks, full_listing=full)


def controls(reply: WalkShown, origin: Origin) -> list[Block]:
    """Back, next or the walk's end, and a menu: jump to any step, everything, clean, share."""
    lang = reply.lang
    shown: list[Block] = []
    if reply.number > 1:
        back = button_value(origin, walk(reply.number - 1))
        shown.append(button(label("walk_back", lang), "walk_back", back))
    later: list[Block] = []
    everything = button_value(origin, Command("walk", "all"))
    if reply.next_step is not None:
        text = label("walk_next", lang, label=reply.next_step.label.get(lang))
        value = button_value(origin, walk(reply.number + 1))
        shown.append(button(text, "walk_next", value, style="primary"))
        shown.append(button(label("walk_all", lang), "walk_all", everything))
    else:
        for end in reply.demo.walk_end:
            style = "danger" if end in ("stop", "clean") else None
            shown.append(
                button(label(end, lang), end, button_value(origin, Command(end)), style=style)
            )
        later.append(option(label("walk_all", lang), everything))
    jumps = [
        option(
            label("walk_jump", lang, number=n, label=s.label.get(lang)),
            button_value(origin, walk(n)),
        )
        for n, s in enumerate(reply.demo.walk, 1)
        if n != reply.number
    ]
    menu_options = [*jumps, *later]
    if reply.step.view == "pids":
        menu_options.append(option(label("picture", lang), button_value(origin, a="picture")))
    if reply.next_step is None and reply.views.container.state == "running":
        menu_options += hands_on_options(origin, lang)  # the walk's end: your turn
    if "clean" not in reply.demo.walk_end:
        menu_options.append(option(label("clean", lang), button_value(origin, Command("clean"))))
    if origin.channel and origin.channel != origin.dm:
        menu_options.append(option(label("share", lang), button_value(origin, a="share", w="walk")))
    menu = more_menu(menu_options, "walk_more", label("walk_more", lang))
    return [*shown, *([menu] if menu is not None else [])]


def walk(number: int) -> Command:
    return Command("walk", str(number))
