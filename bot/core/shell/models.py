"""What one learner command did: its output, how it ended, and where it sat on the host."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class ShellRun:
    """The engine's account of one `/bin/sh -c TEXT` inside a demo container."""

    output: str
    exit_code: int | None
    """None when the command was killed before it could exit on its own."""
    timed_out: bool = False
    cut: bool = False
    """The output passed the cap: what is shown is its beginning, and the command was ended."""
    host_pid: int = 0
    parent_pid: int = 0
    parent_name: str = ""
    seconds: float = 0.0
    leftovers: int = 0
    """Processes the command left running (background jobs, escapes), ended after it."""
    container_exited: bool = False
    """The container was no longer running when the command ended: `kill 1`, say."""


@dataclass(frozen=True, kw_only=True)
class ShellView:
    """A learner's command and what came of it, in their own container."""

    command: str
    container: str
    run: ShellRun
    timeout_seconds: float
    max_output: int
    container_id: str = ""
    """The engine's id of that container: what an *Open a terminal* link is bound to."""
