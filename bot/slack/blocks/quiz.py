"""Block Kit for quizzes: a question with answer buttons, the feedback, progress, App Home.

Quiz buttons use their own `qz:` action ids, apart from the demo buttons (`ct:`). Each
value carries its command, the learner as owner, and the attempt and question it is
about, so a click can be checked against who clicked and what is still open.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.core.course import QuizQuestion
from bot.core.grammar import Command
from bot.core.lang import Lang
from bot.core.messages import button, say
from bot.core.quiz.replies import (
    AnswerShown,
    ProgressShown,
    QuestionShown,
    QuizHead,
    QuizReply,
    progress_notes,
)
from bot.slack.blocks.kit import (
    MAX_BLOCKS,
    MAX_VIEW_BLOCKS,
    QUIZ_PREFIX,
    Block,
    Message,
    Origin,
    actions,
    button_value,
    context,
    fallback,
    header,
    section,
)
from bot.slack.blocks.kit import button as make_button

BAR_WIDTH = 20  # squares in a lesson's mastery bar, whatever its number of questions


def message(reply: QuizReply) -> Message:
    match reply:
        case QuestionShown():
            return question(reply)
        case AnswerShown():
            return answered(reply)
        case ProgressShown():
            return progress(reply)


def question(reply: QuestionShown) -> Message:
    lang, head, q = reply.lang, reply.head, reply.question
    blocks: list[Block] = [header(_title(head, lang))]
    if reply.intro:
        blocks.append(section(reply.intro))
    blocks.append(context(say("quiz_number", lang, number=head.number, total=head.total)))
    blocks.append(section(_question_text(q, lang)))
    blocks.append(
        actions(
            [
                _quiz_button(
                    str(i + 1), f"answer:{i}", _value(head, q.id, Command("answer", str(i + 1)))
                )
                for i in range(len(q.choices))
            ]
        )
    )
    return Message(text=fallback(q.question.get(lang)), blocks=blocks)


def answered(reply: AnswerShown) -> Message:
    lang, head, q = reply.lang, reply.head, reply.question
    right = f"{q.answer + 1}. {q.choices[q.answer].get(lang)}"
    verdict = say("quiz_right", lang) if reply.correct else say("quiz_wrong", lang, answer=right)
    blocks: list[Block] = [
        header(_title(head, lang)),
        context(say("quiz_number", lang, number=head.number, total=head.total)),
        section(_question_text(q, lang, chosen=reply.choice)),
        section(f"{verdict}\n{q.explanation.get(lang)}"),
    ]
    if reply.finished is not None:
        score = reply.finished
        lines = [say("quiz_score", lang, right=score.right, total=score.total)]
        if score.missed and score.next_due is not None:
            when = slack_date(score.next_due)
            lines.append(say("quiz_score_missed", lang, missed=score.missed, when=when))
        else:
            lines.append(say("quiz_score_all", lang))
        blocks.append(section("\n".join(lines)))
    elements: list[Block] = []
    if reply.see is not None:
        elements.append(
            _quiz_button(
                button("quiz_see", lang, step=f"{reply.see.demo} · {reply.see.step}"),
                "see",
                _value(head, q.id, Command("run", reply.see.demo), s=reply.see.step),
            )
        )
    if reply.finished is None and not reply.moved_on:
        elements.append(
            _quiz_button(
                button("quiz_next", lang),
                "next",
                _value(head, q.id, Command("next")),
                style="primary",
            )
        )
    if elements:
        blocks.append(actions(elements))
    mark = "✅" if reply.correct else "❌"
    return Message(text=fallback(f"{mark} {q.question.get(lang)}"), blocks=blocks[:MAX_BLOCKS])


def progress(reply: ProgressShown) -> Message:
    blocks = progress_blocks(reply)
    return Message(text=say("progress_title", reply.lang), blocks=blocks[:MAX_BLOCKS])


def progress_blocks(reply: ProgressShown, *, titled: bool = True) -> list[Block]:
    lang = reply.lang
    blocks: list[Block] = [header(say("progress_title", lang))] if titled else []
    for m in reply.lessons:
        line = say(
            "progress_lesson",
            lang,
            mastered=m.mastered,
            total=m.total,
            review=m.to_review,
            untried=m.untried,
        )
        blocks.append(
            section(
                f"*{m.lesson.title.get(lang)}*\n{_bar(m.mastered, m.to_review, m.total)}\n{line}"
            )
        )
    notes = progress_notes(reply, lang, when=slack_date)
    blocks.append(context("\n".join(notes)))
    elements = [
        _quiz_button(button("quiz", lang), "start", _owner_value(reply.learner, Command("quiz")))
    ]
    if reply.due_now:
        elements.append(
            _quiz_button(
                say("review_title", lang),
                "review",
                _owner_value(reply.learner, Command("review")),
                style="primary",
            )
        )
    blocks.append(actions(elements))
    return blocks


def home_with_progress(view: dict[str, Any], reply: ProgressShown) -> dict[str, Any]:
    """App Home with the learner's mastery per lesson under the introduction."""
    blocks = list(view.get("blocks") or [])
    at = min(3, len(blocks))
    extra = [{"type": "divider"}, *progress_blocks(reply)]
    merged = [*blocks[:at], *extra, *blocks[at:]]
    return {**view, "blocks": merged[:MAX_VIEW_BLOCKS]}


def slack_date(when: datetime) -> str:
    """A date Slack shows in the reader's own time zone; plain UTC where it cannot."""
    fallback = when.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(when.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def _title(head: QuizHead, lang: Lang) -> str:
    if head.kind == "review" or head.lesson is None:
        return say("review_title", lang)
    return say("quiz_title", lang, lesson=head.lesson.title.get(lang))


def _question_text(q: QuizQuestion, lang: Lang, *, chosen: int | None = None) -> str:
    lines = [f"*{q.question.get(lang)}*", ""]
    for i, choice in enumerate(q.choices):
        mark = ""
        if chosen is not None:
            mark = "✅ " if i == q.answer else ("❌ " if i == chosen else "▫️ ")
        lines.append(f"{mark}*{i + 1}.* {choice.get(lang)}")
    return "\n".join(lines)


def _bar(mastered: int, review: int, total: int) -> str:
    if total <= 0:
        return ""
    width = min(total, BAR_WIDTH)
    green = round(width * mastered / total)
    yellow = min(width - green, round(width * review / total))
    return "🟩" * green + "🟨" * yellow + "⬜" * (width - green - yellow)


def _value(head: QuizHead, question_id: str, command: Command, **extra: str) -> str:
    """The button's command, about this attempt's question (`t`, `q`), for its learner."""
    about = Command(command.verb, command.argument, about=(head.attempt, question_id))
    return button_value(Origin(owner=head.learner), about, **extra)


def _owner_value(learner: str, command: Command) -> str:
    return button_value(Origin(owner=learner), command)


def _quiz_button(label: str, action: str, value: str, *, style: str | None = None) -> Block:
    return make_button(label, action, value, style=style, prefix=QUIZ_PREFIX)
