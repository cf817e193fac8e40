"""Where the lessons are when LESSONS_DIR is not set.

`lessons/` at the top of the repository is the one source of truth. A wheel cannot hold
a folder next to its package, so the build also installs a copy as data files under
`<prefix>/share/container-tutor/lessons` (see pyproject.toml); the bot's image runs
from such a wheel. A checkout (or an editable install) keeps using the repository's
own folder, so editing a lesson needs no reinstall.
"""

from __future__ import annotations

import site
import sys
from collections.abc import Sequence
from pathlib import Path

INSTALLED = Path("share") / "container-tutor" / "lessons"
CHECKOUT = Path(__file__).resolve().parents[2]


def default_lessons_dir(
    *, checkout: Path = CHECKOUT, prefixes: Sequence[str] | None = None
) -> Path:
    """The checkout's lessons/, else the copy installed with the wheel, else the checkout path.

    `checkout` is the folder that holds the `bot` package (site-packages, once installed);
    `prefixes` are where pip puts data files (the environment's, then the user's). The last
    fallback keeps the loader's error pointing at a real, explainable place.
    """
    if (checkout / "pyproject.toml").is_file() and (checkout / "lessons").is_dir():
        return checkout / "lessons"
    for prefix in (sys.prefix, site.getuserbase()) if prefixes is None else prefixes:
        installed = Path(prefix) / INSTALLED
        if installed.is_dir():
            return installed
    return checkout / "lessons"
