"""The wheel, built as the image builds it, carries the browser terminal and serves it.

The wheel is built from the files the image's build gets (.dockerignore), in a copy of
them, then installed into a fresh environment whose only other packages are the
checkout's dependencies (a path file): the `bot` imported there is the wheel's, and its
data files are the wheel's too. That environment serves the terminal's page and assets
over real HTTP.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
XTERM = ROOT / "web" / "node_modules" / "@xterm" / "xterm"
SHIPPED = {
    "bot/web/static/terminal.js",
    "container_tutor-0.1.0.data/data/share/container-tutor/xterm/lib/xterm.js",
    "container_tutor-0.1.0.data/data/share/container-tutor/xterm/css/xterm.css",
    "container_tutor-0.1.0.data/data/share/container-tutor/xterm/LICENSE",
}
SERVE = """
import asyncio, sys, urllib.request
from aiohttp import web
from bot.web.assets import missing, xterm_dir
from bot.web.terminal import routes
from bot.web.tokens import Grant, TerminalTokens

async def main():
    tokens = TerminalTokens()
    app = web.Application()
    app.add_routes(routes(tokens=tokens, terminals=None, idle_seconds=60))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    link = f"{base}/terminal/{tokens.mint(Grant('alice', 'c' * 64))}"
    def get(url):
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read()
    loop = asyncio.get_running_loop()
    page = await loop.run_in_executor(None, get, link)
    print("page", page[0], page[2].count(b"/terminal/static/"))
    for name in ("xterm.js", "xterm.css", "terminal.js"):
        status, kind, body = await loop.run_in_executor(None, get, f"{base}/terminal/static/{name}")
        print(name, status, kind.split(";")[0], len(body))
    await runner.cleanup()

print("from", xterm_dir())
print("missing", missing())
asyncio.run(main())
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (XTERM / "lib" / "xterm.js").is_file():
        pytest.fail("web/node_modules has no xterm.js: run ./scripts/setup (npm ci --prefix web)")
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("bot", "lessons"):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    shutil.copytree(XTERM, source / "web" / "node_modules" / "@xterm" / "xterm")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work / "dist"), source],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (found,) = (work / "dist").glob("container_tutor-*.whl")
    return found


def test_the_wheel_ships_the_terminal_page_script_and_xterm(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert names >= SHIPPED, sorted(SHIPPED - names)
    shipped_js = zipfile.ZipFile(wheel).read(
        "container_tutor-0.1.0.data/data/share/container-tutor/xterm/lib/xterm.js"
    )
    assert shipped_js == (XTERM / "lib" / "xterm.js").read_bytes()


def test_the_installed_wheel_serves_the_terminal_page_with_its_assets(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    )  # fmt: skip
    (site / "checkout-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    installed = subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert installed.returncode == 0, installed.stderr[-2000:]
    served = subprocess.run(
        [python, "-c", SERVE], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert served.returncode == 0, served.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in served.stdout.splitlines())
    assert lines["from"] == str(venv / "share" / "container-tutor" / "xterm")
    assert lines["missing"] == "[]"
    assert lines["page"] == "200 3"
    js = len((XTERM / "lib" / "xterm.js").read_bytes())
    css = len((XTERM / "css" / "xterm.css").read_bytes())
    assert lines["xterm.js"] == f"200 text/javascript {js}"
    assert lines["xterm.css"] == f"200 text/css {css}"
    assert lines["terminal.js"].startswith("200 text/javascript ")
