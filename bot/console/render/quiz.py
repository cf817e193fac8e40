"""Quiz replies in the terminal: numbered choices, right or wrong, mastery bars."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text

from bot.console.render.parts import markup
from bot.core.course import QuizQuestion
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.quiz.replies import (
    AnswerShown,
    ProgressShown,
    QuestionShown,
    QuizHead,
    QuizReply,
    progress_notes,
)


def render_quiz(reply: QuizReply) -> RenderableType:
    match reply:
        case QuestionShown():
            return _question(reply)
        case AnswerShown():
            return _answer(reply)
        case ProgressShown():
            return _progress(reply)


def _title(head: QuizHead, lang: Lang) -> Text:
    if head.kind == "review" or head.lesson is None:
        title = say("review_title", lang)
    else:
        title = say("quiz_title", lang, lesson=head.lesson.title.get(lang))
    number = say("quiz_number", lang, number=head.number, total=head.total)
    return Text.from_markup(f"[bold]{markup(title)}[/] · {markup(number)}")


def _choices(q: QuizQuestion, lang: Lang, chosen: int | None = None) -> list[Text]:
    lines = []
    for i, choice in enumerate(q.choices):
        mark, style = "  ", ""
        if chosen is not None and i == q.answer:
            mark, style = "✔ ", "green"
        elif chosen is not None and i == chosen:
            mark, style = "✘ ", "red"
        lines.append(Text.from_markup(f"{mark}{i + 1}. {markup(choice.get(lang))}", style=style))
    return lines


def _question(reply: QuestionShown) -> RenderableType:
    lang, q = reply.lang, reply.question
    parts: list[RenderableType] = [_title(reply.head, lang)]
    if reply.intro:
        parts.append(Text.from_markup(markup(reply.intro)))
    parts.append(Text.from_markup(f"[bold]{markup(q.question.get(lang))}[/]"))
    parts.extend(_choices(q, lang))
    parts.append(Text.from_markup(markup(say("quiz_pick", lang)), style="dim"))
    return Group(*parts)


def _answer(reply: AnswerShown) -> RenderableType:
    lang, q = reply.lang, reply.question
    right = f"{q.answer + 1}. {q.choices[q.answer].get(lang)}"
    verdict = say("quiz_right", lang) if reply.correct else say("quiz_wrong", lang, answer=right)
    parts: list[RenderableType] = [
        _title(reply.head, lang),
        Text.from_markup(f"[bold]{markup(q.question.get(lang))}[/]"),
        *_choices(q, lang, reply.choice),
        Text.from_markup(markup(verdict), style="green" if reply.correct else "red"),
        Text.from_markup(markup(q.explanation.get(lang))),
    ]
    if reply.see is not None:
        parts.append(Text.from_markup(markup(f"→ `run {reply.see.demo}`, `{reply.see.step}`")))
    if reply.finished is not None:
        score = reply.finished
        parts.append(
            Text.from_markup(markup(say("quiz_score", lang, right=score.right, total=score.total)))
        )
        if score.missed and score.next_due is not None:
            when = _when(score.next_due)
            line = say("quiz_score_missed", lang, missed=score.missed, when=when)
        else:
            line = say("quiz_score_all", lang)
        parts.append(Text.from_markup(markup(line)))
    elif not reply.moved_on:
        parts.append(Text.from_markup(markup(say("quiz_next_hint", lang)), style="dim"))
    return Group(*parts)


def _progress(reply: ProgressShown) -> RenderableType:
    lang = reply.lang
    table = RichTable(title=say("progress_title", lang), show_header=False, box=None)
    for m in reply.lessons:
        bar = Text("█" * m.mastered, style="green")
        bar.append("█" * m.to_review, style="yellow")
        bar.append("░" * m.untried, style="dim")
        line = say(
            "progress_lesson",
            lang,
            mastered=m.mastered,
            total=m.total,
            review=m.to_review,
            untried=m.untried,
        )
        table.add_row(Text(m.lesson.title.get(lang), style="bold"), bar, Text(line))
    notes = progress_notes(reply, lang, when=_when)
    return Group(table, *(Text.from_markup(markup(n)) for n in notes))


def _when(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")
