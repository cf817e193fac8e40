"""The Docker side of a Slack bench: check the engine first, count and sweep users' demos.

A bench's users are made-up learner ids; every demo the tutor starts for them carries the
`container-tutor` label with one of them as owner, so that is what is counted and removed.
"""

from __future__ import annotations

from collections.abc import Iterable

import docker

from bot.sandbox.recipes import RECIPES
from bot.sandbox.runner import LABEL, LABEL_OWNER


def preflight(image: str = "busybox") -> None:
    """Exit with one clear line unless the engine answers and the demo image is built."""
    client = docker.from_env()
    try:
        client.ping()
        client.images.get(RECIPES[image].tag)
    except docker.errors.ImageNotFound:
        raise SystemExit(
            f"{RECIPES[image].tag} is not built; run `container-tutor images build` first"
        ) from None
    except docker.errors.DockerException as error:
        raise SystemExit(f"the Docker engine is not answering: {error}") from None
    finally:
        client.close()


def sweep(owners: Iterable[str]) -> int:
    """Remove the tutor's containers owned by these users; how many were still there."""
    client = docker.from_env()
    found = 0
    try:
        for user in owners:
            for container in client.containers.list(
                all=True, filters={"label": [f"{LABEL_OWNER}={user}"]}, ignore_removed=True
            ):
                if LABEL not in container.labels:
                    continue
                found += 1
                try:
                    container.remove(force=True)
                except docker.errors.NotFound:
                    pass
    finally:
        client.close()
    return found


def live_containers(owners: Iterable[str]) -> int:
    """The tutor's running containers owned by these users."""
    client = docker.from_env()
    try:
        return sum(
            len(
                client.containers.list(
                    filters={"label": [LABEL, f"{LABEL_OWNER}={user}"]}, ignore_removed=True
                )
            )
            for user in owners
        )
    finally:
        client.close()
