"""The issue's acceptance in a browser, page by page: axe finds nothing, in light and dark, on a desktop and a phone.

Each page a visitor meets (home, a series, a talk, a speaker, the speakers index, all talks, the
topics and a topic, search with results, the 404 page) is checked by axe-core with every rule it
runs by default (WCAG 2.x A/AA and best practice) plus WCAG 2.2's target size, at 1280 and 375 px, in the light and the dark scheme; a screenshot of each goes to
``_build/screenshots/`` for review.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from browser_support import BROWSER_MARKS, PAGES, SCREENSHOTS, axe_run

pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = BROWSER_MARKS

VISITED = {
    **PAGES,
    "topics": "tags/index.html",
    "topic": "tags/compilers.html",
    "search": "search.html?q=attention",
    "404": "no/such/page.html",
}
WIDTHS = (1280, 375)
SCHEMES = ("light", "dark")


def _violations(tab: Any) -> list[str]:
    results = axe_run(tab)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_nothing(new_tab: Callable[..., Any], site: str, width: int, scheme: str) -> None:
    tab = new_tab(viewport={"width": width, "height": 900}, color_scheme=scheme)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[str]] = {}
    for name, path in VISITED.items():
        tab.goto(site + path)
        tab.wait_for_load_state("networkidle")
        if name == "search":
            tab.locator("#search-results .search li").first.wait_for()
        if problems := _violations(tab):
            found[name] = problems
        tab.screenshot(path=str(SCREENSHOTS / f"first-screen-{name.replace(' ', '-')}-{width}-{scheme}.png"))
    assert found == {}, "\n".join(f"{name}: {p}" for name, problems in found.items() for p in problems)


def test_axe_finds_nothing_once_a_long_page_is_scrolled(new_tab: Callable[..., Any], site: str) -> None:
    """Scrolling shows furo's "Back to top" link, which must sit in a landmark too."""
    tab = new_tab(viewport={"width": 375, "height": 800})
    tab.goto(site + "series/weekly-2020-2022.html")
    tab.mouse.wheel(0, 3000)
    tab.wait_for_timeout(300)
    tab.mouse.wheel(0, -400)  # furo shows the link when the reader scrolls back up
    tab.locator(".back-to-top").wait_for(state="visible")
    assert _violations(tab) == []
