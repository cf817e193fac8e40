"""What a live demo shows, as plain data that any adapter can render or dump as JSON."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from bot.core.grammar import ViewVerb


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True)


class ContainerRef(_Data):
    """A demo container as the engine reports it."""

    id: str
    name: str
    image: str
    state: str
    owner: str
    demo: str
    expires: float
    exit_code: int | None = None
    main_pid: int = 0
    created_at: float = 0.0
    """The engine's clock (epoch seconds): when the container was created…"""
    started_at: float = 0.0
    """…and when its main process started; 0 when the engine did not say."""

    @property
    def start_seconds(self) -> float:
        """Create → running by the engine's own clock, whenever that happened."""
        if not (self.created_at and self.started_at):
            return 0.0
        return round(max(self.started_at - self.created_at, 0.0), 3)


class Table(_Data):
    """Rows under titled columns; columns are found by title because `ps` decides their order."""

    titles: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def column(self, title: str) -> list[str]:
        index = self.titles.index(title)
        return [row[index] if index < len(row) else "" for row in self.rows]

    def has(self, title: str) -> bool:
        return title in self.titles


HOST_PS_TITLES = (
    "USER",
    "UID",
    "PID",
    "PPID",
    "%CPU",
    "%MEM",
    "VSZ",
    "RSS",
    "STAT",
    "START",
    "TIME",
    "COMMAND",
)
"""The columns of the host view, in `ps aux` order with a numeric UID beside the name."""


class HostProcess(_Data):
    """One line of the host's `ps aux` for a process of the demo."""

    user: str
    uid: int
    pid: int
    ppid: int
    cpu_percent: float
    mem_percent: float
    vsz_kib: int
    rss_kib: int
    stat: str
    start: str
    time: str
    command: str

    def row(self) -> tuple[str, ...]:
        """The cells under HOST_PS_TITLES, formatted as `ps aux` prints them."""
        return (
            self.user,
            str(self.uid),
            str(self.pid),
            str(self.ppid),
            f"{self.cpu_percent:.1f}",
            f"{self.mem_percent:.1f}",
            str(self.vsz_kib),
            str(self.rss_kib),
            self.stat,
            self.start,
            self.time,
            self.command,
        )


class ProcNode(_Data):
    """A node of the host's process tree, like one line of `pstree -halps`."""

    pid: int
    name: str
    args: str
    children: tuple[ProcNode, ...] = ()

    def walk(self) -> list[ProcNode]:
        return [self, *(node for child in self.children for node in child.walk())]


class PidMapEntry(_Data):
    """The same process seen from the host and from inside its PID namespace."""

    host_pid: int
    ns_pid: int
    cmd: str


class HostSnapshot(_Data):
    """The host's three views of a demo's processes, from one read of /proc."""

    ps: tuple[HostProcess, ...]
    tree: ProcNode
    pid_map: tuple[PidMapEntry, ...]


class Namespaces(_Data):
    container: str
    host: str


class Kernel(_Data):
    host: str
    container: str


class DemoViews(_Data):
    """The four views of one moment of a live demo."""

    container: ContainerRef
    top: Table
    top_aux: Table
    host_ps: tuple[HostProcess, ...]
    tree: ProcNode
    pid_map: tuple[PidMapEntry, ...]
    namespaces: Namespaces
    kernel: Kernel
    seconds: float = 0.0
    from_pool: bool = False
    """The container was started ahead of time by the warm pool, not for this request."""
    ahead_seconds: float = 0.0
    """How long before the learner asked it was started (only when `from_pool`)."""


class ExecView(_Data):
    """What `docker exec` really does: a new process in the same namespaces, under the shim."""

    container: ContainerRef
    command: str
    inside: Table
    process: PidMapEntry
    parent_pid: int
    parent_name: str
    main: PidMapEntry
    tree: ProcNode


class StopView(_Data):
    """The main process ended, and with it the container."""

    before: ContainerRef
    after: ContainerRef
    signal: str
    seconds: float


ViewName = ViewVerb
"""A view of a demo is named by the verb that shows it."""
