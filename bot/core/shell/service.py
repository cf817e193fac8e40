"""`sh COMMAND`: a learner's own command, run only in that learner's own running demo.

The container is looked up from the owner, never from anything typed, so a learner cannot
reach another learner's container; the limits are checked here before the engine is asked.
"""

from __future__ import annotations

import hashlib
import logging

from bot.core.demo.service import DemoError, DemoService
from bot.core.shell.limits import Gate, Refused, ShellLimits
from bot.core.shell.models import ShellView
from bot.core.shell.ports import Shell

log = logging.getLogger(__name__)


def hashed(owner: str) -> str:
    """The learner id as the operator's log shows it: enough to follow one, not to name them."""
    return hashlib.sha256(owner.encode()).hexdigest()[:12]


class ShellService:
    def __init__(
        self, *, demos: DemoService, shell: Shell, limits: ShellLimits | None = None
    ) -> None:
        self._demos = demos
        self._shell = shell
        self.limits = limits or ShellLimits()
        self._gate = Gate(per_minute=self.limits.per_minute)
        self._exited_inside: dict[str, str] = {}

    def exited_from_inside(self, owner: str, container_id: str) -> bool:
        """Did this container stop during one of the owner's own commands (not `stop`)?"""
        return self._exited_inside.get(owner) == container_id

    def run(self, owner: str, text: str) -> ShellView:
        """Run `text` in the owner's demo; raise `Refused` or `DemoError` for the learner."""
        text = text.strip()
        if not text:
            raise Refused("sh_usage")
        if len(text) > self.limits.max_input:
            raise Refused("sh_too_long", length=len(text), limit=self.limits.max_input)
        with self._gate.enter(owner):
            ref = self._demos.current(owner)
            if ref.state != "running":
                raise DemoError("demo_exited", code=ref.exit_code)
            run = self._shell.run(
                ref.id,
                text,
                timeout=self.limits.timeout_seconds,
                max_output=self.limits.max_output,
            )
        if run.container_exited:
            self._exited_inside[owner] = ref.id
        log.info(
            "sh learner=%s exit=%s timed_out=%s cut=%s command=%r",
            hashed(owner),
            run.exit_code,
            run.timed_out,
            run.cut,
            text,
        )
        return ShellView(
            command=text,
            container=ref.name,
            container_id=ref.id,
            run=run,
            timeout_seconds=self.limits.timeout_seconds,
            max_output=self.limits.max_output,
        )
