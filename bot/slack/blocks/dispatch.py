"""Every reply the tutor gives, as a Slack message: picks the feature module that builds it.

The feature modules never import this one, so there is no cycle to work around.
"""

from __future__ import annotations

from bot.core.answer.replies import Answer
from bot.core.demo.replies import DemoShown, ExecShown, StopShown, WalkShown
from bot.core.quiz.replies import AnswerShown, ProgressShown, QuestionShown
from bot.core.replies import Help, LessonList, Notice
from bot.core.reply import Reply
from bot.core.shell.replies import ShellShown
from bot.core.tasks.replies import TaskChecked, TaskShown
from bot.core.vm.replies import CompareShown, VmShown
from bot.slack.blocks import answer, compare, demo, menu, quiz, shell, tasks, walk
from bot.slack.blocks.kit import Message, Origin, notice_message


def message(reply: Reply, origin: Origin) -> Message:
    match reply:
        case Notice():
            return notice_message(reply)
        case Help():
            return menu.help_menu(reply, origin)
        case LessonList():
            return menu.lesson_list(reply, origin)
        case DemoShown():
            return demo.shown(reply, origin)
        case WalkShown():
            return walk.step(reply, origin)
        case ExecShown():
            return demo.exec_shown(reply, origin)
        case StopShown():
            return demo.stop_shown(reply, origin)
        case QuestionShown() | AnswerShown() | ProgressShown():
            return quiz.message(reply)
        case Answer():
            return answer.message(reply, origin)
        case VmShown() | CompareShown():
            return compare.message(reply, origin)
        case ShellShown():
            return shell.message(reply, origin)
        case TaskShown() | TaskChecked():
            return tasks.message(reply, origin)
