"""Build the demo images from Debian's packages, with no image registry.

`debootstrap --variant=minbase` makes a root filesystem (or a static busybox is
unpacked from its .deb), which is trimmed, packed and `docker import`ed under the
recipe's tag. An image already present is skipped, so building is cheap to repeat.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.sandbox.recipes import Recipe

BuildLog = Callable[[str], None]
"""One line of an image build's output, for the operator."""

_TRIM = (
    "usr/share/doc",
    "usr/share/man",
    "usr/share/info",
    "usr/share/locale",
    "var/cache/apt",
    "var/lib/apt/lists",
    "var/cache/debconf/templates.dat-old",
)


class BuildError(Exception):
    """An image could not be built; the message says what to do."""


def host_debian_source() -> tuple[str, str]:
    """The Debian mirror and suite this host's apt already uses, so builds need no new address."""
    suite = _os_release().get("VERSION_CODENAME", "bookworm")
    for path in sorted(Path("/etc/apt/sources.list.d").glob("*.sources")):
        for uri in re.findall(r"^URIs:\s*(\S+)", path.read_text(errors="replace"), re.M):
            if uri.rstrip("/").endswith("/debian"):
                return uri, suite
    listing = Path("/etc/apt/sources.list")
    if listing.exists():
        for match in re.finditer(
            r"^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)", listing.read_text(), re.M
        ):
            if match.group(1).rstrip("/").endswith("/debian"):
                return match.group(1), match.group(2)
    raise BuildError("no Debian mirror found in the host's apt sources: set DEBIAN_MIRROR")


def _os_release() -> dict[str, str]:
    try:
        text = Path("/etc/os-release").read_text()
    except OSError:
        return {}
    return dict(
        (key, value.strip('"'))
        for key, _, value in (line.partition("=") for line in text.splitlines())
        if key
    )


class ImageBuilder:
    """Builds recipes into a Docker engine; `client` is a docker-py DockerClient."""

    def __init__(
        self,
        client: Any,
        *,
        mirror: str | None = None,
        suite: str | None = None,
        log: BuildLog = lambda _line: None,
    ) -> None:
        self._client = client
        self._mirror = mirror
        self._suite = suite
        self._log = log

    def exists(self, recipe: Recipe) -> bool:
        import docker.errors

        try:
            self._client.images.get(recipe.tag)
        except docker.errors.ImageNotFound:
            return False
        return True

    def build(self, recipe: Recipe, *, force: bool = False) -> bool:
        """Build one image; return False when it was already there."""
        if self.exists(recipe) and not force:
            self._log(f"{recipe.tag}: already built")
            return False
        with tempfile.TemporaryDirectory(prefix="container-tutor-") as scratch:
            root = Path(scratch) / "rootfs"
            if recipe.kind == "debootstrap":
                self._debootstrap(recipe, root)
            else:
                self._busybox(recipe, root, Path(scratch))
            self._trim(root)
            archive = Path(scratch) / "rootfs.tar"
            self._log(f"{recipe.tag}: packing the root filesystem")
            _run(["tar", "--numeric-owner", "-C", str(root), "-cf", str(archive), "."], what="tar")
            self._log(f"{recipe.tag}: docker import")
            changes = [
                f"CMD {_json_list(recipe.command)}",
                f"LABEL container-tutor.recipe={recipe.name}",
            ]
            repository, tag = recipe.tag.rsplit(":", 1)
            self._client.api.import_image_from_file(
                str(archive), repository=repository, tag=tag, changes=changes
            )
        self._log(f"{recipe.tag}: built")
        return True

    def _debootstrap(self, recipe: Recipe, root: Path) -> None:
        if shutil.which("debootstrap") is None:
            raise BuildError("debootstrap is not installed (apt-get install debootstrap)")
        mirror, suite = self._source()
        self._log(f"{recipe.tag}: debootstrap {suite} with {', '.join(recipe.packages)}")
        command = [
            "debootstrap",
            "--variant=minbase",
            f"--include={','.join(recipe.packages)}",
            suite,
            str(root),
            mirror,
        ]
        _run(command, what=f"debootstrap for {recipe.tag}")

    def _busybox(self, recipe: Recipe, root: Path, scratch: Path) -> None:
        if shutil.which("apt-get") is None or shutil.which("dpkg-deb") is None:
            raise BuildError("apt-get and dpkg-deb are needed to fetch busybox-static")
        self._log(f"{recipe.tag}: fetching {', '.join(recipe.packages)}")
        downloads = scratch / "debs"
        downloads.mkdir()
        _run(["apt-get", "download", *recipe.packages], what="apt-get download", cwd=downloads)
        unpacked = scratch / "unpacked"
        for deb in downloads.glob("*.deb"):
            _run(["dpkg-deb", "-x", str(deb), str(unpacked)], what="dpkg-deb -x")
        binary = unpacked / "bin" / "busybox"
        if not binary.exists():
            raise BuildError("busybox-static did not contain bin/busybox")
        install_busybox(binary, root)

    def _source(self) -> tuple[str, str]:
        mirror, suite = host_debian_source() if self._mirror is None else (self._mirror, "")
        return mirror, self._suite or suite or _os_release().get("VERSION_CODENAME", "bookworm")

    @staticmethod
    def _trim(root: Path) -> None:
        for relative in _TRIM:
            target = root / relative
            if target.is_dir():
                shutil.rmtree(target, ignore_errors=True)
            elif target.exists():
                target.unlink()


def install_busybox(binary: Path, root: Path) -> None:
    """Lay out a minimal root: /bin/busybox, one symlink per applet, and the usual folders."""
    for folder in ("bin", "etc", "proc", "sys", "dev", "tmp", "root"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    shutil.copy2(binary, root / "bin" / "busybox")
    os.chmod(root / "bin" / "busybox", 0o755)  # noqa: S103 - every applet runs through it
    applets = subprocess.run([str(binary), "--list"], capture_output=True, text=True, check=True)
    for applet in applets.stdout.split():
        link = root / "bin" / applet
        if applet != "busybox" and not link.exists():
            link.symlink_to("busybox")
    (root / "etc" / "passwd").write_text(
        "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n"
    )
    (root / "etc" / "group").write_text("root:x:0:\nnogroup:x:65534:\n")


def _run(command: list[str], *, what: str, cwd: Path | None = None) -> None:
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd, check=False)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise BuildError(f"{what} failed (exit {result.returncode}): {' | '.join(tail)}")


def _json_list(items: tuple[str, ...]) -> str:
    return json.dumps(list(items))
