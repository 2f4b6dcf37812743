"""Topic pages in Chromium: no accessibility violation of any impact, light and dark, wide and narrow.

``tests/roots/test-topics`` (four topics, one without talks) is built and served on localhost; the
topics index, a topic's page, the empty topic's page and a tagged talk are checked with axe and
photographed for review at 1280 and 375 px in both colour schemes (the talk page is held to the
rule of ``test_browser.py``: no serious or critical violation).
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import BROWSER_MARKS, CHROMIUM, FLAGS, SCREENSHOTS, axe_run

from sitebuild import build, copy_root

pytestmark = BROWSER_MARKS
pytest.importorskip("axe_playwright_python.sync_playwright")

PAGES = ["tags/index.html", "tags/compilers.html", "tags/robustness.html", "talks/2022/tvm.html"]
TOPIC_PAGES = PAGES[:3]  # the talk page is held to test_browser.py's rule (no serious or critical violation)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


@pytest.fixture(scope="module")
def topic_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("browser-topics")
    result = build(copy_root("topics", tmp), tmp / "out", fresh=True)
    assert result.warnings == ""
    handler = functools.partial(_Quiet, directory=str(result.outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def tabs(topic_site: str) -> Iterator[Any]:
    """Opens tabs (options as ``browser.new_context``) that can reach only the local server."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        contexts: list[Any] = []

        def open_tab(**options: object) -> Any:
            context = browser.new_context(**options)
            contexts.append(context)
            context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.abort())
            return context.new_page()

        yield open_tab
        for context in contexts:
            context.close()
        browser.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_topic_pages_have_no_accessibility_violations(topic_site: str, tabs: Any, scheme: str, width: int) -> None:
    tab = tabs(viewport={"width": width, "height": 900}, color_scheme=scheme)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path in PAGES:
        tab.goto(topic_site + path)
        violations = [
            f"{path}: {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in axe_run(tab).response["violations"]
            if path in TOPIC_PAGES or v["impact"] in ("serious", "critical")
        ]
        assert violations == [], "\n".join(violations)
        if path == "tags/compilers.html":
            target = SCREENSHOTS / f"topic-{width}-{scheme}.png"
            tab.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000


def test_a_topic_page_reads_as_its_topic(topic_site: str, tabs: Any) -> None:
    tab = tabs(viewport={"width": 375, "height": 900})
    tab.goto(topic_site + "tags/compilers.html")
    assert tab.locator("h1").inner_text().strip() == "Compilers"
    lead = tab.locator(".seminar-topic-lead")
    assert lead.is_visible() and lead.inner_text().lower() == "topic · 2 talks"
    talks = tab.locator(".seminar-compact > li")
    assert talks.count() == 2 and "Triton" in talks.first.inner_text()


def test_nothing_is_fetched_from_another_host(topic_site: str, tabs: Any) -> None:
    tab = tabs(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    for path in PAGES:
        tab.goto(topic_site + path)
        tab.wait_for_load_state("networkidle")
    assert [url for url in requests if not url.startswith(topic_site)] == []
