"""Where the files that live beside the package are: the lessons, the browser terminal's assets.

`lessons/` at the top of the repository is the one source of truth, and xterm.js comes
from npm into `web/node_modules/`. A wheel cannot hold a folder next to its package, so
the build also installs a copy of each as data files under `<prefix>/share/container-tutor/`
(see pyproject.toml); the bot's image runs from such a wheel. A checkout (or an editable
install) keeps using the repository's own folders, so editing a lesson needs no reinstall.
"""

from __future__ import annotations

import site
import sys
from collections.abc import Sequence
from pathlib import Path

SHARE = Path("share") / "container-tutor"
INSTALLED = SHARE / "lessons"
CHECKOUT = Path(__file__).resolve().parents[2]


def beside_the_package(
    in_checkout: Path,
    installed: Path,
    *,
    checkout: Path = CHECKOUT,
    prefixes: Sequence[str] | None = None,
) -> Path:
    """The checkout's `in_checkout`, else the copy installed with the wheel, else the
    checkout path.

    `checkout` is the folder that holds the `bot` package (site-packages, once installed);
    `prefixes` are where pip puts data files (the environment's, then the user's). The last
    fallback keeps an error pointing at a real, explainable place.
    """
    if (checkout / "pyproject.toml").is_file() and (checkout / in_checkout).is_dir():
        return checkout / in_checkout
    for prefix in (sys.prefix, site.getuserbase()) if prefixes is None else prefixes:
        copy = Path(prefix) / installed
        if copy.is_dir():
            return copy
    return checkout / in_checkout


def default_lessons_dir(
    *, checkout: Path = CHECKOUT, prefixes: Sequence[str] | None = None
) -> Path:
    """The checkout's lessons/, else the copy installed with the wheel."""
    return beside_the_package(Path("lessons"), INSTALLED, checkout=checkout, prefixes=prefixes)
