"""What `sh` needs from the engine: run text in one container, within limits."""

from __future__ import annotations

from typing import Protocol

from bot.core.shell.models import ShellRun


class Shell(Protocol):
    """Runs `/bin/sh -c TEXT` inside a running container through the engine's exec."""

    def run(self, container_id: str, text: str, *, timeout: float, max_output: int) -> ShellRun:
        """Run `text`; kill it after `timeout` seconds or past `max_output` bytes of output,
        and end whatever it left running. Never runs anything on the host."""
        ...
