"""Quiz buttons (`qz:`): answer, next question, see it live, start a quiz or a review.

Each click carries its command; after the owner check (`buttons.on_buttons`) it goes to
the learner's worker like any other command, so it takes its turn behind theirs. An answer
or "next" is shown in place of the clicked question; anything refused is a note only the
clicker sees. The answer is committed before the message is updated, so feedback the
learner saw is never lost, even if the bot is killed right after.
"""

from __future__ import annotations

import functools
import logging
import re

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot.core.grammar import Command
from bot.core.lang import Lang
from bot.core.quiz.replies import AnswerShown, QuestionShown
from bot.core.replies import Notice
from bot.core.reply import Reply
from bot.slack.blocks import dispatch
from bot.slack.blocks import quiz as quiz_blocks
from bot.slack.blocks.kit import QUIZ_PREFIX, Origin, notice_text
from bot.slack.listeners.buttons import Clicked, on_buttons, tell
from bot.slack.lookups import Lookups
from bot.slack.tasks import Tasks
from bot.slack.worker import Worker

log = logging.getLogger(__name__)
ACTIONS = re.compile(rf"^{re.escape(QUIZ_PREFIX)}")
FOLLOW_UP_STEPS = {  # what `run` (a walk's first step) does not show
    step: Command(step) for step in ("exec", "stop", "ps", "tree", "pids")
}
IN_PLACE = frozenset({"answer", "next"})
DEMO_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")


def register(app: AsyncApp, *, tasks: Tasks, lookups: Lookups, worker: Worker) -> None:
    work = functools.partial(quiz_button, worker=worker)
    on_buttons(
        app,
        tasks=tasks,
        lookups=lookups,
        action_ids=ACTIONS,
        not_yours="quiz_not_yours",
        work=work,
    )


async def quiz_button(clicked: Clicked, *, worker: Worker) -> None:
    """A click by the quiz's learner: its command goes to their worker."""
    command = clicked.click.command
    if command is None:
        return
    user, client = clicked.user, clicked.client
    if command.verb in IN_PLACE:
        deliver = functools.partial(show_in_place, clicked=clicked)
        worker.request(client, user=user, command=command, deliver=deliver)
    elif command.verb == "run":
        if DEMO_ID.match(command.argument):
            await see_live(clicked, command, worker=worker)
    else:
        worker.request(client, user=user, command=command)


async def see_live(clicked: Clicked, run: Command, *, worker: Worker) -> None:
    """Start the demo that shows the point; go on to `exec` or `stop` when that is the point."""
    await worker.run(clicked.client, user=clicked.user, command=run)
    follow_up = FOLLOW_UP_STEPS.get(clicked.click.extra.get("s", ""))
    if follow_up is not None:
        await worker.run(clicked.client, user=clicked.user, command=follow_up)


async def show_in_place(reply: Reply, _lang: Lang, *, clicked: Clicked) -> None:
    """The feedback replaces the clicked question; the next question follows it."""
    channel, ts = clicked.message_key
    client = clicked.client
    match reply:
        case Notice():
            await tell(clicked.respond, notice_text(reply))
        case AnswerShown():
            await client.chat_update(
                channel=channel, ts=ts, **quiz_blocks.answered(reply).payload()
            )
        case QuestionShown():
            await client.chat_postMessage(channel=channel, **quiz_blocks.question(reply).payload())
            if reply.previous is not None:  # the old message loses its "next" button
                tidy = quiz_blocks.answered(reply.previous).payload()
                try:
                    await client.chat_update(channel=channel, ts=ts, **tidy)
                except SlackApiError as error:
                    log.info("could not tidy a quiz message: %s", error.response.get("error"))
        case _:
            message = dispatch.message(reply, Origin(owner=clicked.user, channel=channel))
            await client.chat_postMessage(channel=channel, **message.payload())
