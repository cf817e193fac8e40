"""Bolt listeners, one module per kind; each `register` is given the parts it uses."""

from __future__ import annotations

import functools

from slack_bolt.async_app import AsyncApp

from bot.core.picture.ports import Painter
from bot.slack.listeners import (
    actions,
    choices,
    commands,
    events,
    feedback,
    pictures,
    questions,
    quiz,
    shell,
)
from bot.slack.session import Session


def register_listeners(app: AsyncApp, session: Session, painter: Painter) -> None:
    tutor, tasks, lookups, worker = session.tutor, session.tasks, session.lookups, session.worker
    commands.register(app, tutor=tutor, lookups=lookups, worker=worker)
    pictures.register(app, tasks=tasks, lookups=lookups, painter=painter)
    picture = functools.partial(pictures.picture_button, lookups=lookups, painter=painter)
    modal = functools.partial(shell.open_modal, lookups=lookups)
    terminal = functools.partial(shell.open_terminal, lookups=lookups)
    actions.register(
        app,
        tasks=tasks,
        lookups=lookups,
        worker=worker,
        picture=picture,
        shell=modal,
        terminal=terminal,
    )
    events.register(
        app,
        tasks=tasks,
        lookups=lookups,
        worker=worker,
        lessons=tutor.course.lessons,
        quiz=tutor.quiz,
    )
    quiz.register(app, tasks=tasks, lookups=lookups, worker=worker)
    questions.register(app, tutor=tutor, tasks=tasks, lookups=lookups, followed=session.shared)
    choices.register(app, tutor=tutor, tasks=tasks, lookups=lookups)
    feedback.register(app, tutor=tutor, tasks=tasks, lookups=lookups)
    shell.register(app, tasks=tasks, lookups=lookups, worker=worker)
