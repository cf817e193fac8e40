"""The base image the bot's own image is built on, made from Debian's packages.

`make image` must work where no image registry answers, so `FROM python:3.11-slim`
cannot be pulled. Instead the same builder that makes the demo images debootstraps a
minimal Debian with its Python 3 and imports it under a versioned tag; the Dockerfile
then takes it as `BASE_IMAGE`. It is not a demo recipe: lessons cannot name it and the
sandbox never runs it.
"""

from __future__ import annotations

from typing import Any

from bot.sandbox.images import BuildLog, ImageBuilder
from bot.sandbox.recipes import NAMESPACE, Recipe

BASE_PYTHON = Recipe(
    name="base-python",
    version="2",
    kind="debootstrap",
    description="Debian's Python 3 to build and run the bot's own image on",
    # python3-venv brings ensurepip (the build stage's pip); ca-certificates lets the bot
    # reach Slack over HTTPS; libcairo2 and fonts-wqy-microhei (a CJK font for Traditional
    # and Simplified Chinese, 5 MB) draw the pictures of a demo.
    packages=("python3", "python3-venv", "ca-certificates", "libcairo2", "fonts-wqy-microhei"),
    command=("python3",),
)
"""Bump `version` when the package list changes: images are cached by tag."""


def base_recipe(tag: str | None = None) -> Recipe:
    """BASE_PYTHON, or a copy under another `repository:tag` (benchmarks build throwaways)."""
    if tag is None or tag == BASE_PYTHON.tag:
        return BASE_PYTHON
    repository, _, version = tag.rpartition(":")
    prefix = f"{NAMESPACE}/"
    if not repository.startswith(prefix) or not version or "/" in repository[len(prefix) :]:
        raise ValueError(f"the base tag must look like {prefix}NAME:VERSION, not {tag!r}")
    return Recipe(
        name=repository[len(prefix) :],
        version=version,
        kind=BASE_PYTHON.kind,
        description=BASE_PYTHON.description,
        packages=BASE_PYTHON.packages,
        command=BASE_PYTHON.command,
    )


def build_base(
    client: Any,
    *,
    mirror: str | None,
    tag: str | None = None,
    force: bool = False,
    log: BuildLog = lambda _line: None,
) -> str:
    """Build the base image unless its tag is present; return the tag."""
    recipe = base_recipe(tag)
    ImageBuilder(client, mirror=mirror, log=log).build(recipe, force=force)
    return recipe.tag
