"""The sweep after a command or a terminal ends what they left, also when the engine cannot
freeze the container (a fork bomb in full swing makes runc answer "unable to freeze")."""

from __future__ import annotations

import subprocess
from typing import Any

import docker.errors
import requests

from bot.sandbox.shell import end_strays

SHAPE = "-eo pid,ppid,args"


class Engine:
    """The engine's API as the sweep uses it, over real host processes: `top` lists the
    demo's main process and, while they live, the processes `left` holds."""

    def __init__(self, *, main: int, left: list[subprocess.Popen[bytes]], freezes: bool) -> None:
        self.main = main
        self.left = left
        self.freezes = freezes
        self.paused = 0

    def inspect_container(self, _container: str) -> dict[str, Any]:
        return {"State": {"Running": True, "Paused": False}}

    def top(self, _container: str, *, ps_args: str) -> dict[str, Any]:
        assert ps_args == SHAPE
        rows = [[str(self.main), "1", "nginx: master process"]]
        rows += [[str(p.pid), str(self.main), "/bin/sh"] for p in self.left if p.poll() is None]
        return {"Titles": ["PID", "PPID", "COMMAND"], "Processes": rows}

    def pause(self, container: str) -> None:
        if not self.freezes:
            response = requests.Response()
            response.status_code = 500
            raise docker.errors.APIError(
                "refused",
                response=response,
                explanation=f"Cannot pause container {container}: OCI runtime pause failed: "
                "unable to freeze: unknown",
            )
        self.paused += 1

    def unpause(self, _container: str) -> None:
        self.paused -= 1


def sleepers(count: int) -> list[subprocess.Popen[bytes]]:
    return [subprocess.Popen(["sleep", "100"]) for _ in range(count)]


def test_what_was_left_is_ended_although_the_freezer_cannot_freeze() -> None:
    left = sleepers(3)
    try:
        engine = Engine(main=1, left=left, freezes=False)
        before = [(1, 1, "nginx: master process")]
        assert end_strays(engine, "c1", before) == 3
        assert [p.wait(timeout=5) for p in left] == [-9, -9, -9]
    finally:
        for process in left:
            process.kill()


def test_a_freezable_container_is_frozen_for_the_kill_and_thawed_after() -> None:
    left = sleepers(2)
    try:
        engine = Engine(main=1, left=left, freezes=True)
        assert end_strays(engine, "c1", [(1, 1, "nginx: master process")]) == 2
        assert [p.wait(timeout=5) for p in left] == [-9, -9]
        assert engine.paused == 0
    finally:
        for process in left:
            process.kill()
