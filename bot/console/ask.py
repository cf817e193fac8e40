"""`container-tutor ask`: one question answered from the lessons, no Docker or Slack needed."""

from __future__ import annotations

from typing import Any

from bot.core.answer.replies import Answer
from bot.core.answer.service import Answerer
from bot.core.grammar import MAX_INPUT, clean_text
from bot.core.messages import say


class AskRefused(Exception):
    """The question cannot be asked as given; the message says why, in the asker's terms."""


def ask(answerer: Answerer, question: str) -> Answer:
    """Check the question like the grammar does, then answer it."""
    if len(question) > MAX_INPUT:
        raise AskRefused(say("too_long", "en", length=len(question), limit=MAX_INPUT))
    cleaned = clean_text(question)
    if not cleaned:
        raise AskRefused(say("ask_empty", "en"))
    return answerer.answer(cleaned)


def answer_json(answer: Answer) -> dict[str, Any]:
    """`answer`, `lesson`, `section`, `score`, `lang` (lesson and section null when declined)."""
    text = answer.text if answer.band != "decline" else f"{answer.text} {answer.topics_text}"
    return {
        "answer": text,
        "lesson": answer.lesson,
        "section": answer.section,
        "score": answer.score,
        "lang": answer.script,
        "faq": answer.faq,
        "source": answer.source or None,
        "see": answer.see,
        "demo": answer.demo,
        "topics": [
            {"lesson": t.lesson, "section": t.section, "title": t.title} for t in answer.topics
        ],
        "band": answer.band,
        "choices": [
            {"entry": c.entry, "lesson": c.lesson, "section": c.section, "title": c.title}
            for c in answer.choices
        ],
    }
