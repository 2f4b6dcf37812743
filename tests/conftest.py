"""Shared pytest setup: Sphinx's own test fixtures, with scenario sites under ``tests/roots/``."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import NOV_14_2023, Build, build, copy_root

pytest_plugins = ["sphinx.testing.fixtures", "browser_support"]


@pytest.fixture
def as_of_nov_14_2023(monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds in the test see 2023-11-14 as "today" (``SOURCE_DATE_EPOCH``): some talks past, some upcoming."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOV_14_2023)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot="<case>")`` finds ``test-<case>/``."""
    return Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def real(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site, built once for every test that only reads its output."""
    return build(Path(__file__).resolve().parents[1], tmp_path_factory.mktemp("real"), fresh=True)


@pytest.fixture(scope="session")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """``tests/roots/test-feeds`` with a base URL, built once for the tests that only read its output."""
    tmp = tmp_path_factory.mktemp("feeds")
    return build(copy_root("feeds", tmp), tmp / "out", fresh=True)
