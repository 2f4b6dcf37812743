"""The built site in a real browser: navigation, search, local time, video facade, layout, accessibility.

Playwright drives Debian's Chromium (``/usr/bin/chromium``, installed by ``.ci/run``) against the
real site served on localhost.  Screenshots of the home, talk and speaker pages at 1280 and
375 px go to ``_build/screenshots/`` for review.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from browser_support import BROWSER_MARKS, PAGES, SCREENSHOTS, TALK

from sitebuild import Build

pytestmark = BROWSER_MARKS


def test_navigation_home_series_talk_speaker_other_talk(site: str, page: object) -> None:
    page.goto(site)
    page.locator(".seminar-series-card a", has_text="Systems for Machine Learning").click()
    assert page.url.endswith("series/systems-for-ml-2023.html")
    page.locator(".seminar-row-title a", has_text="Monarch Mixer").click()
    assert page.url.endswith("talks/2023/monarch-mixer.html")
    page.locator(".seminar-talk-header a.seminar-speaker", has_text="Dan Fu").click()
    assert page.url.endswith("speakers/dan-fu.html")
    assert page.locator("h1").inner_text().startswith("Dan Fu")
    page.locator("ul.seminar-compact a", has_text="Supervised Contrastive Learning").first.click()
    assert "/talks/2022/" in page.url
    assert "Dan Fu" in page.locator(".seminar-talk-header").inner_text()


@pytest.mark.parametrize("old", ["cs528/", "about/"])
def test_old_urls_lead_to_their_pages(site: str, page: object, old: str) -> None:
    """The original site's /cs528/ and /about/, as a server answers them (the folder's index.html)."""
    page.goto(site + old)  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"(courses/cs528|about)\.html$"))  # type: ignore[attr-defined]
    expected = "CS 528: Machine Learning Systems Seminar" if old == "cs528/" else "About the MLSys Seminar"
    assert page.locator("h1").first.inner_text().strip().rstrip("#").strip() == expected  # type: ignore[attr-defined]


def test_old_cs528_file_opened_from_disk_ends_on_the_course_page(built: Build, browser: object) -> None:
    """``file://.../cs528/index.html``: the redirect's relative target works without a server too."""
    # Not new_tab: its route aborts every URL but the local server's, file:// ones included.
    context = browser.new_context()  # type: ignore[attr-defined]
    context.route(re.compile(r"^(?!file://).*"), lambda route: route.abort())
    page = context.new_page()
    try:
        _ends_on_course_page(built, page)
    finally:
        context.close()


def _ends_on_course_page(built: Build, page: Any) -> None:
    page.goto((built.outdir / "cs528" / "index.html").as_uri())  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"courses/cs528\.html$"))  # type: ignore[attr-defined]
    assert "Machine Learning Systems Seminar" in page.title()  # type: ignore[attr-defined]
    assert "Canvas" in page.locator("article").first.inner_text()


def test_search_finds_a_speaker_by_name(site: str, page: object) -> None:
    page.goto(site + "search.html?q=Deepak+Narayanan")
    results = page.locator("#search-results a")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("speakers/deepak-narayanan" in (h or "") for h in hrefs), hrefs


def test_search_result_titles_keep_the_link_colour(site: str, page: Any) -> None:
    page.goto(site + "search.html?q=FlashAttention")
    page.locator("#search-results a .highlighted").first.wait_for(timeout=15000)  # highlighted after its summary
    link = page.locator("#search-results a").first
    colours = link.evaluate(
        """a => [getComputedStyle(a).color,
                 ...[...a.querySelectorAll('.highlighted')].map(s => getComputedStyle(s).color)]"""
    )
    assert len(set(colours)) == 1, colours


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        # 3:30-4:20 PM PST on Jan 11, 2023 is 12:30-1:20 AM CET on Jan 12 and 8:30-9:20 AM JST on Jan 12.
        ("Europe/Berlin", ("Jan 12", "12:30", "1:20 AM")),
        ("Asia/Tokyo", ("Jan 12", "8:30", "9:20 AM")),
    ],
)
def test_local_time_in_the_visitors_zone(
    new_tab: Callable[..., Any], site: str, zone: str, expected: tuple[str, ...]
) -> None:
    tab = new_tab(timezone_id=zone, locale="en-US")
    tab.goto(site + TALK)
    local = tab.locator(".seminar-talk-header .seminar-local-time").inner_text()
    assert "your time" in local and all(part in local for part in expected), local
    assert tab.locator(".seminar-talk-header time").inner_text().endswith("3:30–4:20 PM PT")


def test_no_local_time_when_the_visitor_is_in_the_series_zone(new_tab: Callable[..., Any], site: str) -> None:
    tab = new_tab(timezone_id="America/Los_Angeles")
    tab.goto(site + TALK)
    assert tab.locator(".seminar-local-time").count() == 0


def test_video_facade_loads_nothing_from_youtube_before_the_click(site: str, page: object) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site + TALK)
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "youtube" in u or "ytimg" in u]
    page.locator("a.seminar-video-facade").click()
    frame = page.locator(".seminar-video iframe")
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    page.wait_for_timeout(300)
    assert any("youtube-nocookie.com" in u for u in requested)


CLIPPED_ELEMENTS = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (e) => e.closest('pre, .table-wrapper, .highlight, .MathJax');
  return [...document.querySelectorAll('article *')]
    .filter((e) => e.getBoundingClientRect().right > width + 1 && !scrolls(e))
    .map((e) => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'));
}"""


FOCUS_RING = """el => { const s = getComputedStyle(el);
  return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"""


@pytest.mark.parametrize("selector", [".sidebar-search", ".seminar-video-facade", "article a.reference"])
def test_focus_is_a_visible_ring(site: str, page: Any, selector: str) -> None:
    """The search box, the video box and links get a ring of at least 2 px under the keyboard (WCAG 2.2)."""
    page.goto(site + TALK)
    element = page.locator(selector).first
    element.focus()
    ring = element.evaluate(FOCUS_RING)
    assert ring["style"] != "none" and ring["width"] >= 2, ring


def test_no_horizontal_scroll_at_375px(new_tab: Callable[..., Any], site: str) -> None:
    tab = new_tab(viewport={"width": 375, "height": 800})
    for name, path in PAGES.items():
        tab.goto(site + path)
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 375px"
        # furo clips overflow, so also look for content cut off at the right edge.
        clipped = tab.evaluate(CLIPPED_ELEMENTS)
        assert clipped == [], f"{name} cuts off {clipped} at 375px"


def test_dark_mode_renders(new_tab: Callable[..., Any], site: str) -> None:
    tab = new_tab(color_scheme="dark")
    tab.goto(site + TALK)
    background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(c) for c in re.findall(r"\d+", background)[:3]]
    assert sum(channels) < 150, background
    header = tab.evaluate("getComputedStyle(document.querySelector('.seminar-talk-header')).color")
    assert sum(int(c) for c in re.findall(r"\d+", header)[:3]) > 400, header


def test_console_has_no_errors(site: str, page: object) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for path in PAGES.values():
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
    assert errors == []


def test_screenshots_for_review(new_tab: Callable[..., Any], site: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        tab = new_tab(viewport={"width": width, "height": 900})
        for name in ("home", "talk", "speaker"):
            tab.goto(site + PAGES[name])
            target = SCREENSHOTS / f"{name}-{width}.png"
            tab.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
