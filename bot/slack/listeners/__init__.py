"""Bolt listeners, one module per kind; each exposes `register(app, session)`."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.listeners import actions, choices, commands, events, feedback, questions, quiz
from bot.slack.session import Session


def register_listeners(app: AsyncApp, session: Session) -> None:
    commands.register(app, session)
    actions.register(app, session)
    events.register(app, session)
    quiz.register(app, session)
    questions.register(app, session)
    choices.register(app, session)
    feedback.register(app, session)
