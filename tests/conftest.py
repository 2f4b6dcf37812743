"""Shared pytest setup: Sphinx's own test fixtures, with scenario sites under ``tests/roots/``."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``@pytest.mark.sphinx(testroot="<case>")`` finds ``test-<case>/``."""
    return Path(__file__).parent / "roots"
