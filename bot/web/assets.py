"""The browser terminal's files: xterm.js and its CSS (npm), and the page's own script.

xterm.js is the npm package `@xterm/xterm`, which `scripts/setup` installs into
`web/node_modules/`; a wheel ships its script, stylesheet and licence as data files
(`share/container-tutor/xterm/`, pyproject.toml), found like the lessons are
(`bot.content.location`). `terminal.js` is the bot's own, package data of `bot.web`.
`missing()` names any that is not there, so the image's build fails rather than serve
a terminal page without its terminal.
"""

from __future__ import annotations

from pathlib import Path

from bot.content.location import SHARE, beside_the_package

XTERM_IN_CHECKOUT = Path("web") / "node_modules" / "@xterm" / "xterm"
XTERM_INSTALLED = SHARE / "xterm"
OWN = Path(__file__).resolve().parent / "static"


def xterm_dir() -> Path:
    return beside_the_package(XTERM_IN_CHECKOUT, XTERM_INSTALLED)


def assets(xterm: Path | None = None) -> dict[str, tuple[Path, str]]:
    """Served name → (file, content type); the layout of the npm package is kept."""
    xterm = xterm or xterm_dir()
    return {
        "xterm.js": (xterm / "lib" / "xterm.js", "text/javascript"),
        "xterm.css": (xterm / "css" / "xterm.css", "text/css"),
        "terminal.js": (OWN / "terminal.js", "text/javascript"),
    }


def missing(xterm: Path | None = None) -> list[str]:
    return [str(path) for path, _ in assets(xterm).values() if not path.is_file()]
