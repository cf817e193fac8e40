"""Shared fixtures: a real Docker engine when there is one (always, in CI), and a second one
for the tests of demos spread over several engines (TEST_SECOND_DOCKER_HOST)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

IN_CI = bool(os.environ.get("CI"))
RUN_TAG = f"pytest-{uuid.uuid4().hex[:12]}"
os.environ["CONTAINER_TUTOR_RUN"] = RUN_TAG  # every demo this run makes, subprocesses too
OURS = {"label": [f"container-tutor.run={RUN_TAG}"]}
SECOND_DOCKER_HOST = os.environ.get("TEST_SECOND_DOCKER_HOST")


def _engine() -> Any:
    import docker

    try:
        client = docker.from_env(timeout=60)
        client.ping()
    except Exception as error:
        message = f"no Docker engine answers ({type(error).__name__}); run ./scripts/setup"
        if IN_CI:
            pytest.fail(f"CI needs a real Docker engine: {message}")
        pytest.skip(message)
    return client


@pytest.fixture(scope="session")
def engine() -> Any:
    return _engine()


@pytest.fixture(scope="session")
def images(engine: Any) -> None:
    """The demo images must be built (./scripts/setup does it)."""
    import docker.errors

    from bot.sandbox.recipes import RECIPES

    for recipe in RECIPES.values():
        try:
            engine.images.get(recipe.tag)
        except docker.errors.ImageNotFound:
            message = f"{recipe.tag} is not built: run `container-tutor images build`"
            if IN_CI:
                pytest.fail(message)
            pytest.skip(message)


def _no_leftovers(client: Any, where: str) -> None:
    left = client.containers.list(all=True, filters=OURS, ignore_removed=True)
    for container in left:
        container.remove(force=True)
    assert not left, f"left behind{where}: {[(c.name, c.labels) for c in left]}"


@pytest.fixture
def leftovers(engine: Any) -> Iterator[None]:
    """Fail a test that leaves a demo of this run behind, and clean up after it anyway."""
    yield
    _no_leftovers(engine, "")


@pytest.fixture(scope="session")
def second_engine(engine: Any) -> Any:
    """The second engine on this machine (scripts/test-docker2), with the demo images."""
    import docker
    import docker.errors

    from bot.sandbox.recipes import RECIPES

    if not SECOND_DOCKER_HOST:
        if IN_CI:
            pytest.fail("CI needs TEST_SECOND_DOCKER_HOST: ./scripts/test starts one and sets it")
        pytest.skip("set TEST_SECOND_DOCKER_HOST=$(./scripts/test-docker2) to run this")
    client = docker.DockerClient(base_url=SECOND_DOCKER_HOST, timeout=60)
    try:
        client.ping()
    except Exception as error:
        pytest.fail(f"TEST_SECOND_DOCKER_HOST={SECOND_DOCKER_HOST} does not answer: {error}")
    if client.info()["DockerRootDir"] == engine.info()["DockerRootDir"]:
        pytest.fail(f"TEST_SECOND_DOCKER_HOST={SECOND_DOCKER_HOST} is the first engine itself")
    for recipe in RECIPES.values():
        try:
            client.images.get(recipe.tag)
        except docker.errors.ImageNotFound:
            pytest.fail(f"{recipe.tag} is not on the second engine: run ./scripts/test-docker2")
    return client


@pytest.fixture
def second_leftovers(second_engine: Any) -> Iterator[None]:
    """`leftovers` for the second engine."""
    yield
    _no_leftovers(second_engine, " on the second engine")
