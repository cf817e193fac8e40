"""The tutor: turns one parsed command into one neutral reply."""

from __future__ import annotations

from collections.abc import Callable

from bot.core.answer.asked import QuestionLog
from bot.core.answer.replies import Script
from bot.core.answer.service import Answerer
from bot.core.course import Course
from bot.core.demo.ports import SandboxError
from bot.core.demo.replies import DemoShown, ExecShown, StopShown, WalkShown
from bot.core.demo.service import DemoError, DemoService
from bot.core.grammar import (
    ALL_WORDS,
    MAX_INPUT,
    QUIZ_VERBS,
    SHELL_VERBS,
    VIEW_VERBS,
    Command,
    Parsed,
    TooLong,
    Unknown,
    run_argument,
    wants_terminal,
)
from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.notes import Notify, silent
from bot.core.quiz.commands import QuizCommands
from bot.core.quiz.ports import StoreError
from bot.core.replies import Help, LessonList, Notice
from bot.core.reply import Reply
from bot.core.shell.limits import Refused
from bot.core.shell.replies import ShellShown
from bot.core.shell.service import ShellService
from bot.core.tasks.service import TaskService
from bot.core.vm.replies import CompareShown, VmShown
from bot.core.vm.service import CompareService

Observe = Callable[[str, str], None]
"""Called with a command's verb (`unknown`, `toolong` for what did not parse) and outcome."""


def outcome(reply: Reply) -> str:
    """`refused` for an error notice, `unknown` for an unknown command, else `ok`."""
    if isinstance(reply, Notice) and reply.error:
        return "refused"
    if isinstance(reply, Help) and reply.unknown is not None:
        return "unknown"
    return "ok"


class Tutor:
    """Adapters call `handle`; it never raises for anything a learner can type."""

    def __init__(
        self,
        *,
        course: Course,
        demos: DemoService,
        quiz: QuizCommands | None = None,
        answers: Answerer | None = None,
        compare: CompareService | None = None,
        shell: ShellService | None = None,
        tasks: TaskService | None = None,
        questions: QuestionLog | None = None,
    ) -> None:
        self.course = course
        self.demos = demos
        self.quiz = quiz
        self.answers = answers
        self.compare = compare
        self.shell = shell
        self.tasks = tasks
        self.questions = questions
        """Where declined questions and feedback go, for the lesson authors."""
        self._scripts: dict[str, Script] = {}
        """Each learner's Chinese script, from their last question that showed one."""
        self.observers: list[Observe] = []
        """Told each command's verb and outcome (metrics), whichever adapter sent it."""

    def handle(
        self,
        owner: str,
        parsed: Parsed,
        *,
        lang: Lang = "en",
        notify: Notify = silent,
        script: Script | None = None,
    ) -> Reply:
        """Answer one command an adapter parsed (`grammar.parse`) or built (a button).

        `script` is the learner's Chinese script as the adapter knows it (Slack's locale);
        the script of their own last Chinese question wins over it."""
        verb = parsed.verb if isinstance(parsed, Command) else type(parsed).__name__.lower()
        try:
            reply = self._answer(owner, parsed, lang, notify, script)
        except Exception:
            self._observe(verb, "failed")
            raise
        self._observe(verb, outcome(reply))
        return reply

    def _observe(self, verb: str, result: str) -> None:
        for observe in self.observers:
            observe(verb, result)

    def _answer(
        self, owner: str, parsed: Parsed, lang: Lang, notify: Notify, script: Script | None
    ) -> Reply:
        if isinstance(parsed, TooLong):
            return Notice("too_long", {"length": parsed.length, "limit": MAX_INPUT}, True, lang)
        if isinstance(parsed, Unknown):
            hint = say("did_you_mean", lang, closest=parsed.closest) if parsed.closest else ""
            notice = Notice("unknown_command", {"word": parsed.word, "hint": hint}, True, lang)
            return Help(lang=lang, unknown=notice, lessons=self.course.lessons)
        try:
            return self._dispatch(owner, parsed, lang, notify, script)
        except DemoError as error:
            return Notice(error.key, dict(error.params), True, lang)
        except Refused as error:
            return Notice(error.key, dict(error.params), True, lang)
        except SandboxError as error:
            return Notice(error.key, {"detail": str(error), **error.params}, True, lang)

    def _dispatch(
        self, owner: str, command: Command, lang: Lang, notify: Notify, script: Script | None
    ) -> Reply:
        verb = command.verb
        if verb == "help":
            return Help(lang=lang, lessons=self.course.lessons)
        if verb == "lessons":
            return LessonList(lessons=self.course.lessons, lang=lang)
        if wants_terminal(command):
            return Notice("tty_console_only", {"verb": verb}, True, lang)
        if verb == "run":
            demo_id, everything = run_argument(command.argument)
            views = self.demos.run(owner, demo_id, notify=notify)
            demo = self.demos.demo(views.container.demo)
            if everything or not demo.walk:
                return DemoShown(demo, views, tuple(demo.views), tuple(demo.next_steps), lang)
            return WalkShown(demo, views, 1, lang)
        if verb == "walk":
            return self._walk(owner, command.argument, lang)
        if verb in VIEW_VERBS:
            views = self.demos.views(owner)
            demo = self.demos.demo(views.container.demo)
            return DemoShown(demo, views, (verb,), tuple(demo.next_steps), lang)
        if verb == "exec":
            view = self.demos.exec(owner, notify=notify)
            return ExecShown(self.demos.demo(view.container.demo), view, lang)
        if verb == "stop":
            stopped = self.demos.stop(owner, notify=notify)
            return StopShown(self.demos.demo(stopped.before.demo), stopped, lang)
        if verb == "clean":
            removed = self.demos.clean(owner)
            machine = self.compare.clean(owner) if self.compare is not None else None
            if machine is not None:
                names = ", ".join(ref.name for ref in (removed, machine) if ref is not None)
                return Notice("cleaned_vm", {"names": names}, lang=lang)
            if removed is None:
                return Notice("nothing_to_clean", lang=lang)
            return Notice("cleaned", {"name": removed.name}, lang=lang)
        if verb == "vm" and self.compare is not None:
            return VmShown(self.compare.vm(owner, notify=notify), lang)
        if verb == "compare" and self.compare is not None:
            return CompareShown(self.compare.compare(owner, notify=notify), lang)
        if verb in SHELL_VERBS and self.shell is not None:
            return ShellShown(self.shell.run(owner, command.argument), lang)
        if verb == "task" and self.tasks is not None:
            return self.tasks.offer(owner, command.argument, lang=lang)
        if verb == "check" and self.tasks is not None:
            return self.tasks.check(owner, command.argument, lang=lang)
        if verb in QUIZ_VERBS and self.quiz is not None:
            return self.quiz.handle(owner, command, lang)
        if verb == "ask" and not command.argument:
            return Notice("ask_empty", lang=lang)
        if verb == "ask" and self.answers is not None:
            return self._ask(self.answers, owner, command.argument, script)
        return Notice("not_built", {"verb": verb}, True, lang)

    def _ask(self, answers: Answerer, owner: str, question: str, script: Script | None) -> Reply:
        written = answers.written_in(question)
        if written in ("zh-Hant", "zh-Hans"):
            self._scripts[owner] = written
        answer = answers.answer(question, prefer=self._scripts.get(owner, script))
        if answer.band == "decline" and self.questions is not None:
            closest = answer.topics[0] if answer.topics and answer.topics[0].section else None
            entry = f"{closest.lesson}/{closest.section}" if closest else None
            try:
                self.questions.record(owner, question, "declined", entry)
            except StoreError:
                pass  # the learner still gets the answer; the log is for authors
        return answer

    def _walk(self, owner: str, argument: str, lang: Lang) -> Reply:
        """`walk N`: step N of the live demo's walk, read afresh; `walk all`: every view."""
        views = self.demos.views(owner)
        demo = self.demos.demo(views.container.demo)
        word = argument.strip().lower() or "1"
        if word in ALL_WORDS or not demo.walk:
            return DemoShown(demo, views, tuple(demo.views), tuple(demo.next_steps), lang)
        if not word.isdigit() or not 1 <= int(word) <= len(demo.walk):
            return Notice("walk_no_step", {"count": len(demo.walk)}, True, lang)
        return WalkShown(demo, views, int(word), lang)
