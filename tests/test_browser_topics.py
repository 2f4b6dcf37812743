"""Topic pages in Chromium: no accessibility violation of any impact, light and dark, wide and narrow.

``tests/roots/test-topics`` (four topics, one without talks) is built and served on localhost; the
topics index, a topic's page, the empty topic's page and a tagged talk are checked with axe and
photographed for review at 1280 and 375 px in both colour schemes (the talk page is held to the
rule of ``test_browser.py``: no serious or critical violation).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import BROWSER_MARKS, SCREENSHOTS, axe_run, built_root, serving

pytestmark = BROWSER_MARKS
pytest.importorskip("axe_playwright_python.sync_playwright")

PAGES = ["tags/index.html", "tags/compilers.html", "tags/robustness.html", "talks/2022/tvm.html"]
TOPIC_PAGES = PAGES[:3]  # the talk page is held to test_browser.py's rule (no serious or critical violation)


@pytest.fixture(scope="session")
def topic_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``tests/roots/test-topics`` (a vocabulary, an empty topic) built and served; its base URL."""
    with serving(built_root(tmp_path_factory, "topics").outdir) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_topic_pages_have_no_accessibility_violations(topic_site: str, new_tab: Any, scheme: str, width: int) -> None:
    tab = new_tab(viewport={"width": width, "height": 900}, color_scheme=scheme)
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


def test_a_topic_page_reads_as_its_topic(topic_site: str, new_tab: Any) -> None:
    tab = new_tab(viewport={"width": 375, "height": 900})
    tab.goto(topic_site + "tags/compilers.html")
    assert tab.locator("h1").inner_text().strip() == "Compilers"
    lead = tab.locator(".seminar-topic-lead")
    assert lead.is_visible() and lead.inner_text().lower() == "topic · 2 talks"
    talks = tab.locator(".seminar-compact > li")
    assert talks.count() == 2 and "Triton" in talks.first.inner_text()


def test_nothing_is_fetched_from_another_host(topic_site: str, new_tab: Any) -> None:
    tab = new_tab(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    for path in PAGES:
        tab.goto(topic_site + path)
        tab.wait_for_load_state("networkidle")
    assert [url for url in requests if not url.startswith(topic_site)] == []
