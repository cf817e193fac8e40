"""The guest's whole userland: a busybox initramfs whose init reports what the tutor shows.

The VM demo boots Debian's kernel with this archive as its only filesystem. PID 1 is
busybox `init`; it mounts the guest's own /proc, starts busybox `httpd` as the guest's
"web server", then a report script prints, on the serial console, the lines the tutor
reads back from the container's log (the guest's `uname -r`, its memory and its whole
process list, kernel threads included). The guest then powers itself off when its time
is over, so a forgotten VM ends even if nothing reaps it.

The archive is written here in Python (cpio "newc", gzip), so building it needs neither
root nor the `cpio` tool, and it holds a /dev/console node that an unprivileged build
could not create on disk.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from bot.sandbox.images import install_busybox
from bot.sandbox.vm_qemu import TTL_PARAMETER

MARK = "ct:"
"""Every line the tutor reads starts with this, so kernel messages cannot be mistaken for it."""

INITTAB = """\
::sysinit:/etc/tutor/boot
::once:/bin/httpd -f -p 80 -h /www
::once:/etc/tutor/report
::shutdown:/bin/sync
"""

BOOT = """\
#!/bin/sh
# The guest's own start-up: its kernel's filesystems, a hostname, the loopback link.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
hostname guest
ip link set lo up
"""

REPORT = f"""\
#!/bin/sh
# Print what the tutor reads from the serial console, then stay up until the time is over.
ttl=900
for word in $(cat /proc/cmdline); do
  case "$word" in {TTL_PARAMETER}=*) ttl="${{word#{TTL_PARAMETER}=}}" ;; esac
done
tries=0
while ! pidof httpd >/dev/null && [ "$tries" -lt 50 ]; do
  sleep 0.1
  tries=$((tries + 1))
done
echo "{MARK}kernel $(uname -r)"
echo "{MARK}memtotal_kib $(awk '/^MemTotal:/ {{print $2}}' /proc/meminfo)"
echo "{MARK}ps"
env ps -o pid,ppid,user,args
echo "{MARK}ps-end"
echo "{MARK}ready"
sleep "$ttl"
poweroff
"""

INDEX_HTML = """\
<!doctype html>
<title>guest</title>
<p>Served by busybox httpd inside the tutor's virtual machine, on the guest's own kernel.</p>
"""


@dataclass(frozen=True)
class _Entry:
    name: str
    mode: int
    data: bytes = b""
    rdev: tuple[int, int] = (0, 0)


def build_initramfs(busybox: Path, *, scratch: Path) -> bytes:
    """The gzip-compressed initramfs: busybox with its applets, the init files and a web root."""
    root = scratch / "initramfs"
    install_busybox(busybox, root)
    for folder in ("etc/tutor", "www", "run", "var"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "init").symlink_to("bin/busybox")
    (root / "etc" / "inittab").write_text(INITTAB)
    (root / "www" / "index.html").write_text(INDEX_HTML)
    for name, text in (("boot", BOOT), ("report", REPORT)):
        script = root / "etc" / "tutor" / name
        script.write_text(text)
        script.chmod(0o755)
    entries = [*_walk(root), _Entry("dev/console", stat.S_IFCHR | 0o600, rdev=(5, 1))]
    return gzip.compress(cpio_newc(entries), compresslevel=9, mtime=0)


def _walk(root: Path) -> list[_Entry]:
    """Every file, folder and symlink under `root`, parents first, owned by root, at time 0."""
    found: list[_Entry] = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        here = Path(folder)
        for name in [*dirs, *sorted(files)]:
            path = here / name
            relative = str(path.relative_to(root))
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                target = os.readlink(path).encode()
                found.append(_Entry(relative, stat.S_IFLNK | 0o777, target))
            elif stat.S_ISDIR(info.st_mode):
                found.append(_Entry(relative, stat.S_IFDIR | 0o755))
            else:
                found.append(
                    _Entry(relative, stat.S_IFREG | (info.st_mode & 0o777), path.read_bytes())
                )
    return found


def cpio_newc(entries: list[_Entry]) -> bytes:
    """A cpio archive in the "newc" format the kernel unpacks into its initial root."""
    out = io.BytesIO()
    for inode, entry in enumerate([*entries, _Entry("TRAILER!!!", 0)], start=1):
        name = entry.name.encode() + b"\0"
        fields = (
            inode,
            entry.mode,
            0,  # uid
            0,  # gid
            2 if stat.S_ISDIR(entry.mode) else 1,
            0,  # mtime
            len(entry.data),
            0,  # dev major
            0,  # dev minor
            entry.rdev[0],
            entry.rdev[1],
            len(name),
            0,  # check
        )
        out.write(b"070701" + b"".join(f"{value:08x}".encode() for value in fields))
        out.write(name)
        out.write(b"\0" * (-(110 + len(name)) % 4))
        out.write(entry.data)
        out.write(b"\0" * (-len(entry.data) % 4))
    return out.getvalue()
