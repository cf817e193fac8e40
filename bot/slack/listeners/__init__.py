"""Bolt listeners, one module per kind; each exposes `register(app, session)`."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.core.picture.ports import Painter
from bot.slack.listeners import actions, commands, events, pictures, questions, quiz
from bot.slack.session import Session


def register_listeners(app: AsyncApp, session: Session, painter: Painter) -> None:
    commands.register(app, session)
    pictures.register(app, session, painter)
    actions.register(app, session)
    events.register(app, session)
    quiz.register(app, session)
    questions.register(app, session)
