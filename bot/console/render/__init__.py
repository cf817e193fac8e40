"""Render neutral replies for a terminal with rich: tables, trees and colour.

This package is laid out like the Slack blocks: `parts` holds the pieces every view shares,
each feature has its own view module, and `render` here only dispatches to them (the views
never import this module back).
"""

from __future__ import annotations

from rich.console import RenderableType

from bot.console.render.answer import render_answer
from bot.console.render.compare import render_compare
from bot.console.render.demo import render_demo
from bot.console.render.quiz import render_quiz
from bot.console.render.replies import render_help, render_lessons, render_notice
from bot.console.render.shell import render_shell
from bot.console.render.tasks import render_task
from bot.core.answer.replies import Answer
from bot.core.demo.replies import DemoShown, ExecShown, StopShown, WalkShown
from bot.core.quiz.replies import AnswerShown, ProgressShown, QuestionShown
from bot.core.replies import Help, LessonList, Notice
from bot.core.reply import Reply
from bot.core.shell.replies import ShellShown
from bot.core.tasks.replies import TaskChecked, TaskShown
from bot.core.vm.replies import CompareShown, VmShown


def render(reply: Reply) -> RenderableType:
    match reply:
        case Notice():
            return render_notice(reply)
        case Help():
            return render_help(reply)
        case LessonList():
            return render_lessons(reply)
        case DemoShown() | WalkShown() | ExecShown() | StopShown():
            return render_demo(reply)
        case QuestionShown() | AnswerShown() | ProgressShown():
            return render_quiz(reply)
        case Answer():
            return render_answer(reply)
        case VmShown() | CompareShown():
            return render_compare(reply)
        case ShellShown():
            return render_shell(reply)
        case TaskShown() | TaskChecked():
            return render_task(reply)
