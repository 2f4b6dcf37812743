"""The home page's first screen in a browser: the featured talk, the pitch, the subscribe links, the cards.

The shared site is built as on 2023-11-14, when two talks of the Fall 2023 series were ahead
("Bringing Foundational Models to Consumer Devices via ML Compilation" on Nov 27, then "Monarch
Mixer" on Dec 4).  The browser's clock is set to days around them, because the page's script
moves the card on once a talk has ended; with today's clock it shows Monarch Mixer as the latest
talk.  Screenshots ``home-<width>-<scheme>.png`` go to ``_build/screenshots/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from browser_support import BROWSER_MARKS, PAGES, SCREENSHOTS, axe_run

pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = BROWSER_MARKS

HOME = PAGES["home"]
SIZES = {1280: {"width": 1280, "height": 800}, 375: {"width": 375, "height": 667}}
NEXT = "Bringing Foundational Models to Consumer Devices via ML Compilation"
AFTER = "Monarch Mixer: Making Foundation Models More Efficient"
BUILD_DAY = dt.datetime(2023, 11, 14, 20, 0, tzinfo=dt.UTC)
# The visitor's start time the script adds in each zone for the Nov 27 talk, 10:30-11:30 AM PT.
LOCAL = {"Europe/Berlin": "7:30", "Asia/Tokyo": "3:30"}


def _open(
    new_tab: Callable[..., Any], site: str, width: int, when: dt.datetime | None = BUILD_DAY, **options: Any
) -> Any:
    tab = new_tab(viewport=SIZES[width], **options)
    if when is not None:
        tab.clock.install(time=when)
    tab.goto(site + HOME)
    return tab


def _featured(tab: Any) -> Any:
    cards = tab.locator(".seminar-featured-talk:visible")
    assert cards.count() == 1
    return cards.first


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Asia/Tokyo"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_first_screen_shows_the_pitch_and_the_next_talk(
    new_tab: Callable[..., Any], site: str, width: int, scheme: str, zone: str
) -> None:
    tab = _open(new_tab, site, width, color_scheme=scheme, timezone_id=zone)
    height = SIZES[width]["height"]
    pitch = tab.locator("article h1 + p")
    assert "machine learning systems" in pitch.inner_text()
    box = pitch.bounding_box()
    assert box is not None and box["y"] + box["height"] <= height
    card = _featured(tab)
    title = card.locator(".seminar-featured-title a")
    assert title.inner_text() == NEXT
    assert title.get_attribute("href") == "talks/2023/bringing-foundational-models-consumer-devices-ml.html"
    box = title.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, box
    assert card.locator(".seminar-featured-label").inner_text().startswith("NEXT TALK")
    assert "Tianqi Chen" in card.locator(".seminar-speakers").inner_text()
    when = card.locator(".seminar-when-line").inner_text()
    assert "Monday, November 27, 2023, 10:30–11:30 AM PT" in when
    local = card.locator(".seminar-local-time")
    assert local.get_attribute("data-timezone") == zone
    assert LOCAL[zone] in local.inner_text()
    watch = card.locator("a.seminar-action-watch")
    assert watch.inner_text() == "Watch live"
    assert watch.get_attribute("href") == "https://www.youtube.com/watch?v=InoNMvjs_vo"
    for action in ("a.seminar-action-watch", "a.seminar-action-ics", "a.seminar-action-google"):
        assert card.locator(action).is_visible(), action
        box = card.locator(action).bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, (action, box)  # no scrolling to act
    assert card.locator("a.seminar-action-ics").get_attribute("href") == (
        "talks/2023/bringing-foundational-models-consumer-devices-ml.ics"
    )
    if zone == "Europe/Berlin":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"home-{width}-{scheme}.png"
        tab.screenshot(path=str(target))
        assert target.stat().st_size > 10_000


@pytest.mark.parametrize("width", [1280, 375])
def test_subscribe_to_all_talks_on_the_home_page(new_tab: Callable[..., Any], site: str, width: int) -> None:
    tab = _open(new_tab, site, width)
    line = tab.locator("article .seminar-subscribe-all")
    assert line.count() == 1
    assert line.inner_text().startswith("Subscribe to all talks:")
    links = {a.inner_text(): a.get_attribute("href") for a in line.locator("a").all()}
    assert links == {
        "Calendar app": "webcal://mlsys.stanford.edu/calendar.ics",
        "Google Calendar": "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fmlsys.stanford.edu%2Fcalendar.ics",
        "Atom feed": "atom.xml",
    }
    assert tab.request.get(site + "atom.xml").ok and tab.request.get(site + "calendar.ics").ok
    feed = tab.locator('head link[rel="alternate"][type="application/atom+xml"]').first
    assert feed.get_attribute("href") == "https://mlsys.stanford.edu/atom.xml"


@pytest.mark.parametrize("page", ["talks/index.html", "series/systems-for-ml-2023.html", "speakers/index.html"])
def test_listing_pages_offer_subscribe_to_all_talks(new_tab: Callable[..., Any], site: str, page: str) -> None:
    tab = new_tab(viewport=SIZES[375])
    tab.goto(site + page)
    line = tab.locator("article .seminar-subscribe-all")
    assert line.first.is_visible()
    hrefs = [a.get_attribute("href") for a in line.first.locator("a").all()]
    assert hrefs[0] == "webcal://mlsys.stanford.edu/calendar.ics" and hrefs[-1] == "../atom.xml"


def test_the_card_moves_on_once_the_talk_has_ended(new_tab: Callable[..., Any], site: str) -> None:
    """A page built on Nov 14 and read on Nov 28 leads with the talk of Dec 4; read in 2026, with it as the latest."""
    tab = _open(new_tab, site, 1280, dt.datetime(2023, 11, 28, 12, 0, tzinfo=dt.UTC))
    card = _featured(tab)
    assert card.locator(".seminar-featured-title").inner_text() == AFTER
    assert card.locator(".seminar-featured-label").inner_text().startswith("NEXT TALK")
    tab = _open(new_tab, site, 1280, None)
    card = _featured(tab)
    assert card.locator(".seminar-featured-title").inner_text() == AFTER
    assert card.locator(".seminar-featured-label").inner_text().startswith("LATEST TALK")
    assert card.locator("a.seminar-action-watch").inner_text() == "Watch the recording"
    assert not card.locator("a.seminar-action-ics").is_visible()


def test_without_script_the_build_time_card_stands(new_tab: Callable[..., Any], site: str) -> None:
    tab = new_tab(viewport=SIZES[1280], java_script_enabled=False)
    tab.goto(site + HOME)
    assert _featured(tab).locator(".seminar-featured-title").inner_text() == NEXT


@pytest.mark.parametrize("width", [1280, 375])
def test_stay_in_touch_cards_line_up_with_the_series_cards(new_tab: Callable[..., Any], site: str, width: int) -> None:
    tab = _open(new_tab, site, width)

    def extent(selector: str) -> tuple[float, float]:
        boxes = [card.bounding_box() for card in tab.locator(selector).all()]
        assert boxes and all(boxes)
        return min(b["x"] for b in boxes), max(b["x"] + b["width"] for b in boxes)

    series, contact = extent(".seminar-series-cards .seminar-card"), extent(".seminar-contact-cards .seminar-card")
    assert contact == series
    style = "e => [getComputedStyle(e).borderTopWidth, getComputedStyle(e).borderRadius, getComputedStyle(e).backgroundColor, getComputedStyle(e).paddingLeft]"
    assert tab.locator(".seminar-contact-cards .seminar-card").first.evaluate(style) == tab.locator(
        ".seminar-series-cards .seminar-card"
    ).first.evaluate(style)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_logo_is_shown_with_the_name(new_tab: Callable[..., Any], site: str, width: int) -> None:
    tab = _open(new_tab, site, width)
    if width == 1280:
        logo = tab.locator(".sidebar-brand img.seminar-logo")
        assert logo.is_visible() and logo.get_attribute("alt") == ""
        assert logo.evaluate("img => img.naturalWidth") > 0
    else:  # furo's narrow-screen header: the logo drawn before the name
        image = tab.locator(".header-center .brand").evaluate("e => getComputedStyle(e, '::before').backgroundImage")
        assert "_static/logo.svg" in image


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_home_has_no_accessibility_violations(new_tab: Callable[..., Any], site: str, width: int, scheme: str) -> None:
    tab = _open(new_tab, site, width, color_scheme=scheme)
    results = axe_run(tab)
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert found == [], "\n".join(found)
