"""The talks index's filters in Chromium: by topic, series and year, in the URL, accessible, and not needed.

The real site (``site``) is filtered by series and year; topics are tried on ``tests/roots/test-related``
(eight talks on three topics), served the same way.  Without JavaScript every talk is listed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_support import BROWSER_MARKS, SCREENSHOTS, axe_run, built_root, serving

pytestmark = BROWSER_MARKS
pytest.importorskip("axe_playwright_python.sync_playwright")

INDEX = "talks/index.html"
VISIBLE = "li[data-year]:visible"


@pytest.fixture(scope="session")
def topics_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``tests/roots/test-related`` (talks with topics) built and served; its base URL."""
    with serving(built_root(tmp_path_factory, "related").outdir) as url:
        yield url


def _query(tab: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(tab.url).query)


def _count(tab: Any) -> int:
    return int(tab.locator(VISIBLE).count())


@pytest.mark.parametrize("width", [1280, 375])
def test_series_and_year_filters_on_the_real_site(
    site: str, topics_site: str, new_tab: Callable[..., Any], width: int
) -> None:
    tab = new_tab(viewport={"width": width, "height": 900})
    tab.goto(site + INDEX)
    status = tab.get_by_role("status")
    total = tab.locator("li[data-year]").count()
    assert total == 86 and _count(tab) == total
    assert status.inner_text() == f"{total} talks"
    series = tab.get_by_label("Series")
    value = series.locator("option").nth(1).get_attribute("value")
    series.select_option(value)
    expected = tab.locator(f'li[data-series="{value}"]').count()
    assert 0 < expected < total and _count(tab) == expected
    assert status.inner_text() == f"{expected} talks"
    assert _query(tab) == {"series": [value]}
    year = tab.locator(f'li[data-series="{value}"]').first.get_attribute("data-year")
    tab.get_by_label("Year").select_option(year)
    both = tab.locator(f'li[data-series="{value}"][data-year="{year}"]').count()
    assert _count(tab) == both and _query(tab) == {"series": [value], "year": [year]}
    # The other years' headings go with their talks.
    headings = [h.strip() for h in tab.locator(".seminar-talk-list .seminar-group:visible").all_inner_texts()]
    assert headings == [year]
    # A topic select only where some talk has a topic.
    has_topics = tab.locator('li[data-topics]:not([data-topics=""])').count() > 0
    assert (tab.locator("#seminar-filter-topic").count() == 1) == has_topics
    # At 375 px nothing runs off the side, and every control is on screen.
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    for control in ("#seminar-filter-series", "#seminar-filter-year", ".seminar-filter-reset"):
        box = tab.locator(control).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    tab.get_by_role("button", name="Show all talks").click()
    tab.wait_for_function("document.querySelector('.seminar-filter-count').textContent === '86 talks'")
    assert _count(tab) == total and _query(tab) == {}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.select_option("#seminar-filter-series", value)
    tab.screenshot(path=str(SCREENSHOTS / f"talks-index-filtered-{width}.png"), full_page=False)


def test_topic_in_the_url_filters_and_changes_go_back_and_forth(topics_site: str, new_tab: Callable[..., Any]) -> None:
    tab = new_tab(viewport={"width": 1280, "height": 900})
    tab.goto(topics_site + INDEX + "?topic=compilers")
    assert tab.get_by_label("Topic").input_value() == "compilers"
    assert _count(tab) == 3 and tab.get_by_role("status").inner_text() == "3 talks"
    tab.get_by_label("Series").select_option("a")
    assert _query(tab) == {"topic": ["compilers"], "series": ["a"]}
    assert _count(tab) == 2  # tvm and mlir
    tab.go_back()
    tab.wait_for_function("document.querySelector('#seminar-filter-series').value === ''")
    assert _query(tab) == {"topic": ["compilers"]} and _count(tab) == 3
    tab.go_forward()
    tab.wait_for_function("document.querySelector('#seminar-filter-series').value === 'a'")
    assert _count(tab) == 2
    # Keyboard: the label names the control, and the focused select shows a ring.
    tab.get_by_label("Topic").focus()
    outline = tab.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert tab.evaluate("document.activeElement.id") == "seminar-filter-topic" and outline != "none"


def test_unknown_values_in_the_url_are_ignored(topics_site: str, new_tab: Callable[..., Any]) -> None:
    tab = new_tab(viewport={"width": 1280, "height": 900})
    injected = "%3Cimg%20src%3Dx%20onerror%3D%22window.hit%3D1%22%3E"
    tab.goto(topics_site + INDEX + f"?topic={injected}&series=nope&year=1999&other=1")
    assert _count(tab) == 8 and tab.get_by_role("status").inner_text() == "8 talks"
    for name in ("topic", "series", "year"):
        assert tab.locator(f'select[name="{name}"]').input_value() == ""
    assert tab.evaluate("window.hit") is None
    assert tab.locator("img[src='x']").count() == 0
    tab.get_by_label("Year").select_option("2021")
    assert _query(tab) == {"year": ["2021"], "other": ["1"]}  # parameters of others are kept


def test_without_javascript_every_talk_and_topic_page_is_there(topics_site: str, new_tab: Callable[..., Any]) -> None:
    tab = new_tab(viewport={"width": 375, "height": 900}, java_script_enabled=False)
    tab.goto(topics_site + INDEX + "?topic=compilers")
    assert _count(tab) == 8
    assert tab.locator("form.seminar-filters").is_hidden()
    topics = tab.locator(".seminar-topic-links a")
    assert topics.all_inner_texts() == ["Compilers", "Federated learning", "Serving"]
    assert topics.first.get_attribute("href") == "../tags/compilers.html"


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", ["real", "topics"])
def test_talks_index_has_no_accessibility_violations(
    site: str, topics_site: str, new_tab: Callable[..., Any], scheme: str, which: str
) -> None:
    tab = new_tab(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    tab.goto((site if which == "real" else topics_site) + INDEX + "?year=2022")
    assert tab.locator("form.seminar-filters").is_visible()
    results = axe_run(tab)
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert found == [], "\n".join(found)


def test_the_script_is_loaded_on_the_talks_index_only(site: str, new_tab: Callable[..., Any]) -> None:
    tab = new_tab()
    tab.goto(site + "index.html")
    assert tab.locator("script[src*='seminar-filters.js']").count() == 0
    tab.goto(site + INDEX)
    assert tab.locator("script[src*='seminar-filters.js']").count() == 1
