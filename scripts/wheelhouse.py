"""Fetch the wheels the bot's image installs, on the host, for the image's Python.

The image build has no network, so every dependency goes in as a wheel. They are
fetched for the *image's* interpreter (CPython 3.11 on glibc 2.36, Debian bookworm) and
not the host's, so a host with another Python still fills the right wheelhouse. The
versions come from requirements.lock (every wheel checked against its hash), plus the build
backend from pyproject.toml; a stamp of them skips the fetch when nothing changed, so a
cached `make image` touches no index at all.

Usage: python scripts/wheelhouse.py [--dest dist/wheels] [--python 3.11] [--extras a,b]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAMP = ".wheelhouse.json"
GLIBC_MINOR = 36  # Debian bookworm, the base of both the local and the official image
LEGACY = {"x86_64": ("manylinux2014", "manylinux2010", "manylinux1"), "aarch64": ("manylinux2014",)}


def build_backend(pyproject: Path) -> list[str]:
    """What building the bot's own wheel needs (setuptools, wheel): not in the lock."""
    return list(tomllib.loads(pyproject.read_text())["build-system"]["requires"])


def requirements(pyproject: Path, extras: list[str]) -> list[str]:
    """Runtime dependencies (plus chosen extras) and the build backend of the project."""
    data = tomllib.loads(pyproject.read_text())
    project = data["project"]
    wanted = list(project.get("dependencies", []))
    optional = project.get("optional-dependencies", {})
    for extra in extras:
        if extra not in optional:
            raise SystemExit(f"wheelhouse: no extra {extra!r} in {pyproject.name}")
        wanted += optional[extra]
    return wanted + list(data["build-system"]["requires"])


def platforms(machine: str) -> list[str]:
    """Every manylinux tag a glibc 2.36 interpreter accepts; pip does not expand them itself."""
    tags = [f"manylinux_2_{minor}_{machine}" for minor in range(GLIBC_MINOR, 4, -1)]
    return tags + [f"{legacy}_{machine}" for legacy in LEGACY.get(machine, ())]


def fetch(
    dest: Path, wanted: list[str], *, python: str, machine: str, lock: Path | None = None
) -> bool:
    """Download into `dest` unless its stamp says these wheels are already there.

    With a lock file, its pinned and hashed wheels come first (`--require-hashes`), then
    `wanted` (the build backend) in a second call, since pip refuses unhashed requirements
    beside hashed ones."""
    abi = "cp" + python.replace(".", "")
    locked = hashlib.sha256(lock.read_bytes()).hexdigest() if lock is not None else None
    stamp = {"requirements": sorted(wanted), "lock": locked, "python": python, "machine": machine}
    key = hashlib.sha256(json.dumps(stamp, sort_keys=True).encode()).hexdigest()
    marker = dest / STAMP
    if marker.exists() and json.loads(marker.read_text()).get("key") == key:
        print(f"wheelhouse: {dest} is up to date ({len(list(dest.glob('*.whl')))} wheels)")
        return False
    dest.mkdir(parents=True, exist_ok=True)
    for old in dest.glob("*.whl"):
        old.unlink()
    marker.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--disable-pip-version-check",
        "--only-binary=:all:",
        "--implementation=cp",
        f"--python-version={python}",
        f"--abi={abi}",
        "--abi=abi3",
        "--abi=none",
        *(f"--platform={tag}" for tag in platforms(machine)),
        "--dest",
        str(dest),
    ]
    print(f"wheelhouse: fetching wheels for CPython {python} on {machine} into {dest}")
    if lock is not None:
        subprocess.run([*command, "--require-hashes", "-r", str(lock)], check=True)
    subprocess.run([*command, *wanted], check=True)
    marker.write_text(json.dumps({"key": key, **stamp}, indent=1) + "\n")
    print(f"wheelhouse: {len(list(dest.glob('*.whl')))} wheels")
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", type=Path, default=ROOT / "dist" / "wheels")
    parser.add_argument("--python", default="3.11", help="the image's Python, MAJOR.MINOR")
    parser.add_argument("--extras", default="", help="comma-separated extras to include")
    parser.add_argument("--machine", default=platform.machine(), help="x86_64, aarch64…")
    options = parser.parse_args()
    extras = [extra for extra in options.extras.split(",") if extra.strip()]
    lock = ROOT / "requirements.lock"
    if lock.exists():  # the pinned, hashed versions (the bot and the postgres extra)
        wanted = build_backend(ROOT / "pyproject.toml")
    else:
        wanted = requirements(ROOT / "pyproject.toml", [extra.strip() for extra in extras])
    try:
        fetch(
            options.dest,
            wanted,
            python=options.python,
            machine=options.machine,
            lock=lock if lock.exists() else None,
        )
    except subprocess.CalledProcessError as error:
        raise SystemExit(f"wheelhouse: pip download failed (exit {error.returncode})") from None


if __name__ == "__main__":
    main()
