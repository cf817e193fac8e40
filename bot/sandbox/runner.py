"""Run lesson demos on a real Docker engine, hardened, labelled and time-limited.

Every container is created here and only here, by `hardened_config`, from a recipe
and a lesson demo. Nothing a learner typed reaches an image name, a command, an
environment variable or `ps_args`.
"""

from __future__ import annotations

import os
import secrets
import socket
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from typing import Any, Literal

import docker
import docker.errors
import psutil
import requests.exceptions

from bot.core.course import Demo
from bot.core.demo.models import ContainerRef, Table
from bot.core.demo.ports import SandboxError
from bot.sandbox.engine_errors import engine_errors, unreachable
from bot.sandbox.policy import violations
from bot.sandbox.recipes import RECIPES, Recipe
from bot.sandbox.vm_console import instant

LABEL = "container-tutor"
LABEL_OWNER = "container-tutor.owner"
LABEL_DEMO = "container-tutor.demo"
LABEL_EXPIRES = "container-tutor.expires"
LABEL_RUN = "container-tutor.run"
RUN_ENV = "CONTAINER_TUTOR_RUN"
"""Optional: tags every demo of one test or CI run, so runs sharing an engine stay apart."""
TOP_ARGS: dict[str, str] = {"ef": "-ef", "aux": "aux"}
BOTH_TOPS = {
    "ef": (("UID", "UID"), ("PID", "PID"), ("PPID", "PPID"), ("C", "C"), ("STIME", "STIME"),
           ("TTY", "TTY"), ("TIME", "TIME"), ("COMMAND", "CMD")),
    "aux": (("USER", "USER"), ("PID", "PID"), ("%CPU", "%CPU"), ("%MEM", "%MEM"),
            ("VSZ", "VSZ"), ("RSS", "RSS"), ("TTY", "TTY"), ("STAT", "STAT"),
            ("START", "START"), ("BSDTIME", "TIME"), ("COMMAND", "COMMAND")),
}  # fmt: skip
"""Each shape's columns: (title in BOTH_TOPS_ARGS' output, title as that shape's `ps` prints it)."""
BOTH_TOPS_ARGS = (
    "-o user=UID -o pid,ppid,c,stime,tty=TTY -o time=TIME -o user=USER -o %cpu,%mem,vsz,rss,stat "
    "-o bsdstart=START -o bsdtime=BSDTIME -o args=COMMAND"
)
"""One `ps` whose columns hold both `-ef` and `aux` (the command last: it keeps its spaces)."""
STOP_GRACE_SECONDS = 5.0


def instance_id() -> str:
    """Who created a container: host, PID and start time, so a dead creator can be told apart."""
    me = psutil.Process()
    return f"{socket.gethostname()}:{me.pid}:{int(me.create_time())}"


def instance_alive(instance: str) -> bool:
    host, _, rest = instance.partition(":")
    pid_text, _, started = rest.partition(":")
    if host != socket.gethostname():
        return True  # another machine's tutor: only its expiry label can retire its demos
    try:
        process = psutil.Process(int(pid_text))
        return int(process.create_time()) == int(started)
    except (ValueError, psutil.Error):
        return False


class Limits:
    """Resource limits for every demo; the defaults suit a 2-core teaching host."""

    def __init__(self, *, memory_mb: int = 64, cpus: float = 0.5, pids: int = 64) -> None:
        self.memory_mb = memory_mb
        self.cpus = cpus
        self.pids = pids


def hardened_config(
    recipe: Recipe,
    demo: Demo,
    *,
    instance: str,
    owner: str,
    expires: float,
    limits: Limits,
    devices: Sequence[str] = (),
    runtime: str | None = None,
    tty: bool = False,
) -> dict[str, Any]:
    """The keyword arguments for `containers.create`: the whole sandbox policy in one place.

    `devices` (only those the recipe names) and `runtime` (e.g. gVisor's `runsc`) are the
    caller's choice per start; the recipe's own memory and CPU limits win over the defaults.
    """
    memory = f"{recipe.memory_mb or limits.memory_mb}m"
    return {
        "image": recipe.tag,
        "command": list(demo.command or recipe.command),
        "name": f"container-tutor-{demo.id}-{secrets.token_hex(4)}",
        "hostname": demo.id,
        "labels": {
            LABEL: instance,
            LABEL_OWNER: owner,
            LABEL_DEMO: demo.id,
            LABEL_EXPIRES: str(int(expires)),
        },
        "detach": True,
        "network_mode": "none",
        "read_only": True,
        "tmpfs": {
            path: f"rw,noexec,nosuid,nodev,size={size}" for path, size in recipe.tmpfs.items()
        },
        "cap_drop": ["ALL"],
        "cap_add": list(recipe.cap_add),
        "security_opt": ["no-new-privileges:true"],
        "privileged": False,
        "mem_limit": memory,
        "memswap_limit": memory,
        "nano_cpus": int((recipe.cpus or limits.cpus) * 1_000_000_000),
        "pids_limit": limits.pids,
        "restart_policy": {"Name": "no"},
        "cgroupns": "private",
        "stop_signal": recipe.stop_signal,
        "environment": {},
        "log_config": {"Type": "json-file", "Config": {"max-size": "1m", "max-file": "1"}},
        "devices": [f"{path}:{path}:rw" for path in devices if path in recipe.devices],
        "runtime": runtime,
        "tty": tty,  # `run -it`: a terminal for the main process, and its stdin kept open
        "stdin_open": tty,
    }


class DockerSandbox:
    """The `Sandbox` port on a real engine."""

    def __init__(
        self,
        client: Any | None = None,
        *,
        limits: Limits | None = None,
        instance: str | None = None,
        run_tag: str | None = None,
    ) -> None:
        self._client = client
        self._limits = limits or Limits()
        self.instance = instance or instance_id()
        self.run_tag = run_tag or os.environ.get(RUN_ENV, "")

    @property
    def client(self) -> Any:
        if self._client is None:
            try:
                self._client = docker.from_env(timeout=30)
                self._client.ping()
            except (docker.errors.DockerException, requests.exceptions.RequestException) as error:
                self._client = None
                raise unreachable(error) from None
        return self._client

    def start(
        self,
        demo: Demo,
        *,
        owner: str,
        ttl_seconds: float,
        devices: Sequence[str] = (),
        runtime: str | None = None,
        tty: bool = False,
    ) -> ContainerRef:
        recipe = RECIPES.get(demo.image)
        if recipe is None:
            raise SandboxError(
                f"No recipe builds the image of demo '{demo.id}'.",
                key="engine_no_recipe",
                demo=demo.id,
            )
        config = hardened_config(
            recipe,
            demo,
            instance=self.instance,
            owner=owner,
            expires=time.time() + ttl_seconds,
            limits=self._limits,
            devices=devices,
            runtime=runtime,
            tty=tty,
        )
        if self.run_tag:
            config["labels"][LABEL_RUN] = self.run_tag
        with engine_errors():
            try:
                container = self.client.containers.create(**config)
            except docker.errors.ImageNotFound:
                raise SandboxError(
                    f"The demo image {recipe.tag} is not built yet. "
                    "Build it with `container-tutor images build` (about a minute, no registry).",
                    key="engine_image_missing",
                    tag=recipe.tag,
                ) from None
            broken = violations(container.attrs, recipe)
            if broken:
                container.remove(force=True)
                raise SandboxError(
                    f"Refused to start a demo that breaks the sandbox policy: {'; '.join(broken)}.",
                    key="engine_policy_refused",
                    broken="; ".join(broken),
                )
            try:
                container.start()
                container.reload()
            except docker.errors.APIError:
                container.remove(force=True)
                raise
        return _ref(container)

    def get(self, container_id: str) -> ContainerRef | None:
        with engine_errors():
            try:
                container = self.client.containers.get(container_id)
            except docker.errors.NotFound:
                return None
            if LABEL not in container.labels:
                return None
            return _ref(container)

    def top(self, container_id: str, *, shape: Literal["ef", "aux"]) -> Table:
        with engine_errors():
            result = self.client.api.top(container_id, ps_args=TOP_ARGS[shape])
        titles = tuple(result.get("Titles") or ())
        rows = tuple(tuple(str(cell) for cell in row) for row in result.get("Processes") or ())
        return Table(titles=titles, rows=rows)

    def tops(self, container_id: str) -> tuple[Table, Table]:
        with engine_errors():
            result = self.client.api.top(container_id, ps_args=BOTH_TOPS_ARGS)
        titles = list(result.get("Titles") or ())
        rows = [[str(cell) for cell in row] for row in result.get("Processes") or ()]
        ef, aux = (_columns(titles, rows, BOTH_TOPS[shape]) for shape in ("ef", "aux"))
        return ef, aux

    def run_inside(self, container_id: str, command: Sequence[str]) -> str:
        """By id, straight to the exec endpoints: no look-up of the container first."""
        api = self.client.api
        with engine_errors():
            started = api.exec_create(container_id, list(command), stdout=True, stderr=True)
            output = api.exec_start(started["Id"])
            code = api.exec_inspect(started["Id"]).get("ExitCode")
        text = output.decode("utf-8", errors="replace") if isinstance(output, bytes) else ""
        if code not in (0, None):
            raise SandboxError(
                f"`{' '.join(command)}` failed inside the demo (exit {code}).",
                key="engine_inside_failed",
                command=" ".join(command),
                code=code,
            )
        return text

    def start_inside(self, container_id: str, command: Sequence[str]) -> None:
        with engine_errors():
            container = self.client.containers.get(container_id)
            container.exec_run(list(command), detach=True)

    def stop_main(self, container_id: str) -> tuple[ContainerRef, str]:
        with engine_errors():
            container = self.client.containers.get(container_id)
            signal = container.attrs.get("Config", {}).get("StopSignal") or "SIGTERM"
            container.kill(signal=signal)
            if not _exited(container, within=STOP_GRACE_SECONDS):
                # PID 1 ignores signals it installed no handler for (`sleep`, for one)
                container.kill(signal="SIGKILL")
                _exited(container, within=STOP_GRACE_SECONDS)
                signal = f"{signal}, then SIGKILL"
            container.reload()
        return _ref(container), signal

    def remove(self, container_id: str) -> None:
        with engine_errors():
            try:
                container = self.client.containers.get(container_id)
                if LABEL in container.labels:
                    container.remove(force=True)
            except docker.errors.NotFound:
                return
            except docker.errors.APIError as error:
                if error.status_code == HTTPStatus.CONFLICT and "in progress" in str(error):
                    return  # someone else (the reaper, a cleanup) is removing it already
                raise

    def ours(self, *, owner: str | None = None) -> list[ContainerRef]:
        """The tutor's demos on this engine (only this run's when a run tag is set, so test
        runs sharing an engine never reap or clean up each other's)."""
        wanted = [LABEL] if owner is None else [LABEL, f"{LABEL_OWNER}={owner}"]
        if self.run_tag:
            wanted.append(f"{LABEL_RUN}={self.run_tag}")
        with engine_errors():
            found = self.client.containers.list(
                all=True, filters={"label": wanted}, ignore_removed=True
            )
        return [_ref(container) for container in found]

    def reap_expired(self, *, now: float) -> list[str]:
        """Remove demos past their expiry, whoever created them."""
        removed = []
        for ref in self.ours():
            if ref.expires <= now:
                self.remove(ref.id)
                removed.append(ref.id)
        return removed

    def remove_orphans(self) -> list[str]:
        """Remove demos whose creator on this host is gone (a crash, a kill -9)."""
        removed = []
        with engine_errors():
            found = self.client.containers.list(
                all=True, filters={"label": [LABEL]}, ignore_removed=True
            )
        for container in found:
            creator = container.labels.get(LABEL, "")
            if creator != self.instance and not instance_alive(creator):
                self.remove(container.id)
                removed.append(container.id)
        return removed

    def remove_made_by(self, instances: list[str]) -> list[str]:
        """Remove the demos that tutors now gone made on this engine (another host's too)."""
        removed = []
        for instance in instances:
            if instance == self.instance:
                continue
            with engine_errors():
                found = self.client.containers.list(
                    all=True, filters={"label": [f"{LABEL}={instance}"]}, ignore_removed=True
                )
            for container in found:
                self.remove(container.id)
                removed.append(container.id)
        return removed

    def remove_all_of_mine(self) -> list[str]:
        """On a clean shutdown: remove the demos this process created (pooled ones too),
        found by their creator label, all at once (a forced removal waits on the engine for
        about a second; shutdown has ten). One gone meanwhile never cuts the sweep short."""
        try:
            with engine_errors():
                found = self.client.containers.list(
                    all=True, filters={"label": [f"{LABEL}={self.instance}"]}, ignore_removed=True
                )
        except SandboxError:
            return []
        mine = [container.id for container in found]
        if not mine:
            return []
        with ThreadPoolExecutor(max_workers=min(8, len(mine)), thread_name_prefix="sweep") as pool:
            done = list(pool.map(self._removed, mine))
        return [container_id for container_id, ok in zip(mine, done, strict=True) if ok]

    def _removed(self, container_id: str) -> bool:
        try:
            self.remove(container_id)
        except SandboxError:
            return False  # the expiry label and the next start's orphan sweep cover it
        return True

    def remove_all(self) -> list[str]:
        """Every demo on this engine; with a run tag (tests sharing an engine), that run's."""
        removed = []
        for ref in self.ours():
            self.remove(ref.id)
            removed.append(ref.id)
        return removed


def _exited(container: Any, *, within: float) -> bool:
    try:
        container.wait(timeout=within)
    except requests.exceptions.RequestException:
        return False
    return True


def _columns(
    titles: list[str], rows: list[list[str]], wanted: tuple[tuple[str, str], ...]
) -> Table:
    """Pick one shape's columns out of the combined `ps` output, under that shape's titles."""
    found = [(titles.index(source), shown) for source, shown in wanted if source in titles]
    return Table(
        titles=tuple(shown for _index, shown in found),
        rows=tuple(
            tuple(row[index] if index < len(row) else "" for index, _shown in found) for row in rows
        ),
    )


def _ref(container: Any) -> ContainerRef:
    labels = container.labels
    state = container.attrs.get("State", {})
    try:
        expires = float(labels.get(LABEL_EXPIRES, "0"))
    except ValueError:
        expires = 0.0
    image = container.attrs.get("Config", {}).get("Image", "")
    running = state.get("Status") == "running"
    return ContainerRef(
        id=container.id,
        name=container.name,
        image=image,
        state=state.get("Status", "unknown"),
        owner=labels.get(LABEL_OWNER, ""),
        demo=labels.get(LABEL_DEMO, ""),
        expires=expires,
        exit_code=None if running else state.get("ExitCode"),
        main_pid=int(state.get("Pid") or 0),
        created_at=instant(str(container.attrs.get("Created", ""))),
        started_at=instant(str(state.get("StartedAt", ""))),
    )


__all__ = ["DockerSandbox", "Limits", "hardened_config", "instance_alive", "instance_id"]
