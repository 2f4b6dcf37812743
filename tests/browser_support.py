"""Browser-test support: the real site built once, served on localhost, and Chromium tabs that reach nothing else.

Registered as a pytest plugin in ``conftest.py``; browser test modules (``tests/test_browser*.py``) use its
fixtures and constants and mark themselves with ``BROWSER_MARKS``.  Playwright is imported only when a
browser is launched, so the rest of the suite runs without it.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sitebuild import Build, build, build_root_as_of

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "_build" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
]

TALK = "talks/2023/flashattention.html"  # Tri Dao, Winter 2023, 3:30 PM PT
SPEAKER = "speakers/tri-dao.html"
PAGES = {
    "home": "index.html",
    "series": "series/foundation-models-2023.html",
    "talk": TALK,
    "speaker": SPEAKER,
    "speakers index": "speakers/index.html",
    "talks index": "talks/index.html",
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves the site as Read the Docs does: quietly, and with the site's own ``404.html`` for a missing page."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real site as on 2023-11-14 (so one talk is upcoming), built once for every browser test."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        result: Build = build(ROOT, tmp_path_factory.mktemp("browser-site"), fresh=True)
    assert result.warnings == ""
    return result


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """``directory`` served on a free localhost port while the block runs; yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def built_root(tmp_path_factory: pytest.TempPathFactory, name: str) -> Build:
    """``tests/roots/test-<name>`` built fresh as on 2023-11-14, without a warning.

    Build sites before a browser starts (session-scoped fixtures): sphinx-sitemap forks a
    process when a build starts, and a fork taken while Playwright's event loop runs can hang.
    """
    result = build_root_as_of(tmp_path_factory, name)
    assert result.warnings == ""
    return result


@pytest.fixture(scope="session")
def site(built: Build) -> Iterator[str]:
    """The real site, served on a free localhost port; yields its base URL."""
    with serving(built.outdir) as url:
        yield url


@pytest.fixture(scope="module")
def browser(site: str) -> Iterator[object]:
    # The site is built first: sphinx-sitemap forks a multiprocessing manager when a build starts,
    # and a fork taken while Playwright's event loop runs leaves a failing test hanging for good.
    # One browser a module, not a session: Playwright's event loop must not outlive the browser tests.
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def new_tab(browser: object) -> Iterator[Callable[..., Any]]:
    """Opens a tab in a fresh browser context (options as ``browser.new_context``); all closed after the test.

    Nothing may leave this machine: every request that is not to the local server is blocked.
    Closing in teardown, not at the end of the test, keeps a failed test from leaving a context
    with a route handler behind, which hangs the browser's shutdown.
    """
    contexts: list[Any] = []

    def open_tab(**options: object) -> Any:
        context = browser.new_context(**options)  # type: ignore[attr-defined]
        contexts.append(context)
        context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.abort())
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_tab: Callable[..., Any]) -> object:
    return new_tab(viewport={"width": 1280, "height": 900})


AXE_OPTIONS = {
    "resultTypes": ["violations"],
    # WCAG 2.2's target size (2.5.8) is off in axe by default; Lighthouse checks it, and so do these tests.
    "rules": {"target-size": {"enabled": True}},
}


def axe_run(tab: Any, context: object = None) -> Any:
    """axe-core's results for the page in ``tab`` (every rule axe runs by default, plus WCAG 2.2's target size)."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright")
    return axe.Axe().run(tab, context=context, options=AXE_OPTIONS)
