"""Every reply the tutor can give, as one type: the shared ones and each feature's own."""

from __future__ import annotations

from bot.core.answer.replies import Answer
from bot.core.demo.replies import DemoShown, ExecShown, StopShown, WalkShown
from bot.core.quiz.replies import QuizReply
from bot.core.replies import Help, LessonList, Notice
from bot.core.shell.replies import ShellShown
from bot.core.tasks.replies import TaskReply
from bot.core.vm.replies import CompareReply

Reply = (
    Notice
    | Help
    | LessonList
    | DemoShown
    | WalkShown
    | ExecShown
    | StopShown
    | QuizReply
    | Answer
    | CompareReply
    | ShellShown
    | TaskReply
)
