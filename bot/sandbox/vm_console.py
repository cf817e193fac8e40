"""Read the guest's report from the VM container's log (qemu's serial console, timestamped).

The guest's init prints `ct:` lines (see `vm_initramfs`); everything else on the console
(kernel messages, busybox init's own lines) is ignored. Timestamps are the engine's, so
the boot time is measured on the same clock as the container's creation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from bot.core.demo.models import Table
from bot.sandbox.vm_initramfs import MARK


@dataclass(frozen=True)
class ConsoleReport:
    kernel: str
    memtotal_kib: int
    ps: Table
    ready_at: float
    """Engine time (epoch seconds) of the guest's `ready` line."""


def read_console(log: str) -> ConsoleReport | None:
    """The guest's report once its `ready` line is in the log; None while it is still booting."""
    kernel = ""
    memtotal = 0
    ps_lines: list[str] = []
    in_ps = False
    for raw in log.splitlines():
        stamp, _, line = raw.partition(" ")
        line = line.rstrip("\r")
        if line.strip() in (f"{MARK}ps", f"{MARK}ps-end"):
            in_ps = line.strip() == f"{MARK}ps"
        elif in_ps:
            first = (line.split() or [""])[0]
            if first == "PID" or first.isdigit():  # not a kernel message cutting in
                ps_lines.append(line)
        elif line.startswith(f"{MARK}kernel "):
            kernel = line.split(" ", 1)[1].strip()
        elif line.startswith(f"{MARK}memtotal_kib "):
            value = line.split(" ", 1)[1].strip()
            memtotal = int(value) if value.isdigit() else 0
        elif line.strip() == f"{MARK}ready" and kernel and ps_lines:
            return ConsoleReport(
                kernel=kernel, memtotal_kib=memtotal, ps=_table(ps_lines), ready_at=instant(stamp)
            )
    return None


def last_lines(log: str, count: int = 3) -> str:
    """The console's last words, without timestamps, for a failure message."""
    lines = [raw.partition(" ")[2].strip() for raw in log.splitlines()]
    return " | ".join([line for line in lines if line][-count:])[-300:]


def instant(stamp: str) -> float:
    """Epoch seconds from the engine's RFC 3339 time with nanoseconds (`…T21:54:51.123456789Z`)."""
    head, _, fraction = stamp.strip().rstrip("Z").partition(".")
    try:
        moment = datetime.fromisoformat(head).replace(tzinfo=UTC)
    except ValueError:
        return 0.0
    digits = "".join(ch for ch in fraction if ch.isdigit())
    return moment.timestamp() + (float(f"0.{digits}") if digits else 0.0)


def _table(lines: list[str]) -> Table:
    """busybox `ps -o pid,ppid,user,args`: the last column keeps its spaces."""
    titles = tuple(lines[0].split())
    rows = tuple(tuple(line.split(None, len(titles) - 1)) for line in lines[1:] if line.strip())
    return Table(titles=titles, rows=rows)
