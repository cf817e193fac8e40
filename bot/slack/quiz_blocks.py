"""Block Kit for quizzes: a question with answer buttons, the feedback, progress, App Home.

Quiz buttons use their own `qz:` action ids, apart from the demo buttons (`ct:`). Each
value names the learner, the attempt and the question it answers, so a click can be
checked against who clicked and what is still open.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.core.course import QuizQuestion
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
from bot.slack.blocks import (
    MAX_BLOCKS,
    MAX_VIEW_BLOCKS,
    Block,
    Message,
    _actions,
    _context,
    _fallback,
    _header,
    _section,
)

QUIZ_PREFIX = "qz:"
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
    blocks: list[Block] = [_header(_title(head, lang))]
    if reply.intro:
        blocks.append(_section(reply.intro))
    blocks.append(_context(say("quiz_number", lang, number=head.number, total=head.total)))
    blocks.append(_section(_question_text(q, lang)))
    blocks.append(
        _actions(
            [
                _quiz_button(str(i + 1), f"answer:{i}", _value(head, q.id, c=str(i)))
                for i in range(len(q.choices))
            ]
        )
    )
    return Message(text=_fallback(q.question.get(lang)), blocks=blocks)


def answered(reply: AnswerShown) -> Message:
    lang, head, q = reply.lang, reply.head, reply.question
    right = f"{q.answer + 1}. {q.choices[q.answer].get(lang)}"
    verdict = say("quiz_right", lang) if reply.correct else say("quiz_wrong", lang, answer=right)
    blocks: list[Block] = [
        _header(_title(head, lang)),
        _context(say("quiz_number", lang, number=head.number, total=head.total)),
        _section(_question_text(q, lang, chosen=reply.choice)),
        _section(f"{verdict}\n{q.explanation.get(lang)}"),
    ]
    if reply.finished is not None:
        score = reply.finished
        lines = [say("quiz_score", lang, right=score.right, total=score.total)]
        if score.missed and score.next_due is not None:
            when = slack_date(score.next_due)
            lines.append(say("quiz_score_missed", lang, missed=score.missed, when=when))
        else:
            lines.append(say("quiz_score_all", lang))
        blocks.append(_section("\n".join(lines)))
    elements: list[Block] = []
    if reply.see is not None:
        elements.append(
            _quiz_button(
                button("quiz_see", lang, step=f"{reply.see.demo} · {reply.see.step}"),
                "see",
                _value(head, q.id, d=reply.see.demo, s=reply.see.step),
            )
        )
    if reply.finished is None and not reply.moved_on:
        elements.append(
            _quiz_button(button("quiz_next", lang), "next", _value(head, q.id), style="primary")
        )
    if elements:
        blocks.append(_actions(elements))
    mark = "✅" if reply.correct else "❌"
    return Message(text=_fallback(f"{mark} {q.question.get(lang)}"), blocks=blocks[:MAX_BLOCKS])


def progress(reply: ProgressShown) -> Message:
    blocks = progress_blocks(reply)
    return Message(text=say("progress_title", reply.lang), blocks=blocks[:MAX_BLOCKS])


def progress_blocks(reply: ProgressShown, *, header: bool = True) -> list[Block]:
    lang = reply.lang
    blocks: list[Block] = [_header(say("progress_title", lang))] if header else []
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
            _section(
                f"*{m.lesson.title.get(lang)}*\n{_bar(m.mastered, m.to_review, m.total)}\n{line}"
            )
        )
    notes = progress_notes(reply, lang, when=slack_date)
    blocks.append(_context("\n".join(notes)))
    elements = [_quiz_button(button("quiz", lang), "start", _owner_value(reply.learner))]
    if reply.due_now:
        elements.append(
            _quiz_button(
                say("review_title", lang), "review", _owner_value(reply.learner), style="primary"
            )
        )
    blocks.append(_actions(elements))
    return blocks


def home_with_progress(view: dict[str, Any], reply: ProgressShown) -> dict[str, Any]:
    """App Home with the learner's mastery per lesson under the introduction."""
    blocks = list(view.get("blocks") or [])
    at = min(3, len(blocks))
    extra = [{"type": "divider"}, *progress_blocks(reply)]
    merged = [*blocks[:at], *extra, *blocks[at:]]
    return {**view, "blocks": merged[:MAX_VIEW_BLOCKS]}


def read_value(value: str) -> dict[str, str]:
    """A quiz button's value back as strings; anything malformed yields nothing."""
    try:
        data = json.loads(value)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): str(v) for k, v in data.items()}


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


def _value(head: QuizHead, question_id: str, **extra: str) -> str:
    data = {"l": head.learner, "t": head.attempt, "q": question_id, **extra}
    return json.dumps(data, separators=(",", ":"))


def _owner_value(learner: str) -> str:
    return json.dumps({"l": learner}, separators=(",", ":"))


def _quiz_button(label: str, action: str, value: str, *, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": label[:75], "emoji": True},
        "action_id": f"{QUIZ_PREFIX}{action}",
        "value": value[:2000],
    }
    if style:
        element["style"] = style
    return element
