"""Build the VM demo's image: Debian's qemu, Debian's kernel and a busybox initramfs.

The image is made like the other demo images (debootstrap, trim, `docker import`, cached
by tag), with two files added under /vm: the guest kernel, taken from Debian's
`linux-image-cloud-amd64` package with `apt-get download` and `dpkg-deb -x` (the host never
installs a kernel package), and the initramfs from `vm_initramfs`. qemu then runs inside
the hardened sandbox container like any demo, so a qemu bug stays contained too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from bot.sandbox.images import BuildError, ImageBuilder
from bot.sandbox.recipes import Recipe
from bot.sandbox.vm_initramfs import build_initramfs
from bot.sandbox.vm_qemu import INITRD_PATH, KERNEL_PATH

KERNEL_PACKAGE = "linux-image-cloud-amd64"
"""Debian's smallest amd64 kernel flavour: built for virtual machines, serial console built in."""
BUSYBOX_PACKAGE = "busybox-static"


class VmImageBuilder(ImageBuilder):
    """An ImageBuilder whose root filesystem also carries the guest's kernel and initramfs."""

    def _debootstrap(self, recipe: Recipe, root: Path) -> None:
        super()._debootstrap(recipe, root)
        for tool in ("apt-get", "dpkg-deb"):
            if shutil.which(tool) is None:
                raise BuildError(f"{tool} is needed to fetch the guest's kernel and busybox")
        with tempfile.TemporaryDirectory(prefix="container-tutor-vm-") as scratch:
            place = Path(scratch)
            kernel = self._kernel(recipe, place)
            busybox = self._busybox_binary(recipe, place)
            self._log(f"{recipe.tag}: making the guest's initramfs from busybox")
            initramfs = build_initramfs(busybox, scratch=place)
            target = root / KERNEL_PATH.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(kernel, target)
            (root / INITRD_PATH.lstrip("/")).write_bytes(initramfs)
            self._log(
                f"{recipe.tag}: guest kernel {kernel.name} ({_mb(target)} MB), "
                f"initramfs {len(initramfs) / 1e6:.1f} MB"
            )

    def _kernel(self, recipe: Recipe, place: Path) -> Path:
        """vmlinuz from the package the meta-package points at (the current ABI)."""
        meta = _download(KERNEL_PACKAGE, place / "meta")
        depends = _run(["dpkg-deb", "-f", str(meta), "Depends"], what="dpkg-deb -f")
        match = re.search(r"(linux-image-[0-9][^\s,(]*)", depends)
        if match is None:
            raise BuildError(f"{KERNEL_PACKAGE} names no kernel package (Depends: {depends})")
        self._log(f"{recipe.tag}: fetching the guest kernel {match.group(1)}")
        deb = _download(match.group(1), place / "kernel")
        unpacked = place / "kernel-files"
        _run(["dpkg-deb", "-x", str(deb), str(unpacked)], what="dpkg-deb -x (kernel)")
        found = sorted((unpacked / "boot").glob("vmlinuz-*"))
        if not found:
            raise BuildError(f"{match.group(1)} holds no boot/vmlinuz-*")
        return found[0]

    def _busybox_binary(self, recipe: Recipe, place: Path) -> Path:
        self._log(f"{recipe.tag}: fetching {BUSYBOX_PACKAGE} for the guest")
        deb = _download(BUSYBOX_PACKAGE, place / "busybox")
        unpacked = place / "busybox-files"
        _run(["dpkg-deb", "-x", str(deb), str(unpacked)], what="dpkg-deb -x (busybox)")
        binary = unpacked / "bin" / "busybox"
        if not binary.exists():
            raise BuildError(f"{BUSYBOX_PACKAGE} did not contain bin/busybox")
        return binary


def _download(package: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    _run(["apt-get", "download", package], what=f"apt-get download {package}", cwd=folder)
    debs = sorted(folder.glob("*.deb"))
    if not debs:
        raise BuildError(f"apt-get download {package} fetched nothing")
    return debs[0]


def _run(command: list[str], *, what: str, cwd: Path | None = None) -> str:
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise BuildError(f"{what} failed (exit {result.returncode}): {' | '.join(tail)}")
    return result.stdout.strip()


def _mb(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.1f}"
