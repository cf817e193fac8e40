"""Shared fixtures of the integration tests: a progress database of each kind."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from testkit.served import empty_database

POSTGRES = os.environ.get("TEST_POSTGRES_URL")


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "progress" / "tutor.db")
        return
    if not POSTGRES:
        if os.environ.get("CI"):
            pytest.fail("CI needs TEST_POSTGRES_URL: ./scripts/test starts PostgreSQL and sets it")
        pytest.skip("set TEST_POSTGRES_URL to a scratch PostgreSQL database to run this")
    empty_database(POSTGRES)  # every table of an earlier run, whatever its revision
    yield POSTGRES
