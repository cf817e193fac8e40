"""What `sh` answers: the output, how the command ended, and its place on the host."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.lang import Lang
from bot.core.messages import say
from bot.core.shell.models import ShellView


@dataclass(frozen=True)
class ShellShown:
    view: ShellView
    lang: Lang = "en"

    @property
    def status(self) -> str:
        """How the command ended, in one sentence."""
        run = self.view.run
        if run.timed_out:
            return say("sh_timed_out", self.lang, seconds=int(self.view.timeout_seconds))
        if run.exit_code is None:
            return say("sh_killed", self.lang)
        return say("sh_exit", self.lang, code=run.exit_code)

    @property
    def where(self) -> str:
        """Where the learner's process sat on the host: the lesson in one line."""
        run = self.view.run
        if not run.host_pid:
            return ""
        return say(
            "sh_where",
            self.lang,
            pid=run.host_pid,
            parent=run.parent_name or "?",
            parent_pid=run.parent_pid,
        )

    @property
    def notes(self) -> tuple[str, ...]:
        """The limits that acted on this command, each as a sentence."""
        run = self.view.run
        found = []
        if run.cut:
            found.append(say("sh_cut", self.lang, kb=self.view.max_output // 1024))
        if run.leftovers:
            found.append(say("sh_leftovers", self.lang, count=run.leftovers))
        return tuple(found)
