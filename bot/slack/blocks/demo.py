"""Block Kit for a demo: its four views, `exec` and `stop`, each with next-step buttons.

Listings that do not fit are cut, with a "Show all" button that sends the whole listing
as a file.
"""

from __future__ import annotations

from bot.core.course import Demo, Step
from bot.core.demo.models import DemoViews
from bot.core.demo.replies import DemoShown, ExecShown, StopShown
from bot.core.grammar import Command
from bot.core.lang import Lang
from bot.core.messages import button, say, state, view_title
from bot.slack import tables
from bot.slack.blocks.kit import (
    Block,
    Message,
    Origin,
    actions,
    button_value,
    code,
    context,
    fallback,
    fit,
    header,
    plain,
    section,
    step_buttons,
)
from bot.slack.blocks.kit import button as kit_button
from bot.slack.blocks.picture import picture_button
from bot.slack.blocks.shell import hands_on


def shown(reply: DemoShown, origin: Origin) -> Message:
    lang = reply.lang
    views = reply.views
    ref = views.container
    facts = [f"`{ref.name}`", f"`{ref.image}`", state(ref.state, lang)]
    if views.seconds:
        facts.append(say("ready", lang, seconds=views.seconds))
    if reply.timing:
        facts.append(reply.timing)
    blocks: list[Block] = [header(reply.demo.title.get(lang)), context(" · ".join(facts))]
    full: list[str] = []
    cut_any = False
    for view in reply.show:
        caption = reply.demo.captions.get(view)
        if caption is not None:
            blocks.append(section(caption.get(lang)))
        lines = view_lines(views, view, lang)
        title = view_title(view, lang)
        full += [plain(title), *lines, ""]
        listing, more = code(title, lines)
        blocks.append(section(listing))
        if more:
            cut_any = True
            blocks.append(context(say("cut", lang, more=more)))
    blocks.append(step_buttons(reply.steps, origin, lang, shown=reply.show, cut=cut_any))
    if "pids" in reply.show:
        blocks[-1]["elements"].append(picture_button(origin, lang))
    if ref.state == "running":
        blocks.append(hands_on(origin, lang, container=ref.id))
    master = next((e for e in views.pid_map if e.ns_pid == 1), None)
    summary = f"{reply.demo.title.get(lang)}: {ref.name} {state(ref.state, lang)}"
    if master is not None:
        summary += say("demo_fallback", lang, host_pid=master.host_pid)
    return Message(text=fallback(summary), blocks=fit(blocks), full_listing="\n".join(full))


def view_lines(views: DemoViews, view: str, lang: Lang = "en") -> list[str]:
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
    return [*tables.pid_map_lines(views, lang), "", *tables.facts_lines(views, lang)]


def exec_shown(reply: ExecShown, origin: Origin) -> Message:
    lang = reply.lang
    view = reply.view
    summary = reply.summary
    blocks = titled(reply.demo, "exec", lang)
    blocks.append(section(summary))
    inside = tables.exec_inside_lines(view)
    tree = tables.tree_lines(view.tree)
    cut_any = False
    titles = say("exec_inside_title", lang), say("exec_host_title", lang)
    for title, lines in zip(titles, (inside, tree), strict=True):
        listing, more = code(title, lines)
        blocks.append(section(listing))
        if more:
            cut_any = True
            blocks.append(context(say("cut", lang, more=more)))
    steps = tuple(reply.demo.next_steps)
    blocks.append(step_buttons(steps, origin, lang, shown=(), cut=cut_any, what="exec"))
    full = "\n".join([titles[0], *inside, "", titles[1], *tree])
    return Message(text=fallback(plain(summary)), blocks=fit(blocks), full_listing=full)


def stop_shown(reply: StopShown, origin: Origin) -> Message:
    lang = reply.lang
    summary = reply.summary
    blocks = titled(reply.demo, "stop", lang)
    blocks.append(section(summary))
    steps: tuple[Step, ...] = ("clean",)
    blocks.append(step_buttons(steps, origin, lang, shown=(), cut=False, what="stop"))
    return Message(text=fallback(plain(summary)), blocks=blocks)


def titled(demo: Demo, step: Step, lang: Lang) -> list[Block]:
    """A header naming the step, then the lesson's caption for it, if it has one."""
    blocks = [header(button(step, lang))]
    caption = demo.captions.get(step)
    if caption is not None:
        blocks.append(section(caption.get(lang)))
    return blocks


def try_again(text: str, origin: Origin, command: Command, lang: Lang) -> Message:
    """A queued `run` that did not start (the wait ran out, the tutor restarted): say why,
    with a button that queues the same command again."""
    value = button_value(origin, command)
    return Message(
        text=fallback(text),
        blocks=[
            section(f":warning: {text}"),
            actions([kit_button(button("try_again", lang), "run", value)]),
        ],
    )
