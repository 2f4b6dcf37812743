"""Speaker pictures and the video facade in a real browser, at 1280 and 375 px, in light and dark.

On the real site (no speaker has a photo) the talk header and the speaker page show the initials
avatar; on ``tests/roots/test-media`` a local photo shows, and a remote one is linked, never
loaded.  The facade names the talk and its speakers, loads nothing from another host before the
click, takes the keyboard with a ring that shows on the dark box and on the page, and becomes the
player on a click.  Screenshots ``talk-<width>-<scheme>.png`` and ``speaker-<width>.png`` go to
``_build/screenshots/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from browser_support import BROWSER_MARKS, SCREENSHOTS, SPEAKER, TALK, axe_run, built_root, serving

from seminar.site.avatars import contrast

pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = BROWSER_MARKS

WIDTHS = (1280, 375)
SCHEMES = ("light", "dark")
MEDIA_TALK = "talks/2023/pictures.html"


@pytest.fixture(scope="session")
def media_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``tests/roots/test-media`` (a local photo, a remote photo, avatars), built and served; its base URL."""
    with serving(built_root(tmp_path_factory, "media").outdir) as url:
        yield url


def _tab(new_tab: Callable[..., Any], width: int, scheme: str = "light") -> Any:
    return new_tab(viewport={"width": width, "height": 900}, color_scheme=scheme)


def _recorded(tab: Any) -> list[str]:
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    return requested


def _rgb(css: str) -> str:
    """``rgb(r, g, b)`` as ``#rrggbb`` (the alpha channel is not used by these colours)."""
    red, green, blue = (int(float(c)) for c in re.findall(r"[\d.]+", css)[:3])
    return f"#{red:02x}{green:02x}{blue:02x}"


LOADED = "img => img.complete && img.naturalWidth > 0"
BOX = "e => { const r = e.getBoundingClientRect(); return [r.width, r.height, r.left, r.right]; }"


def _assert_picture(tab: Any, selector: str, size: int) -> None:
    picture = tab.locator(selector).first
    assert picture.is_visible(), selector
    assert picture.evaluate(LOADED), f"{selector} did not load"
    width, height, left, right = picture.evaluate(BOX)
    assert (width, height) == (size, size), (selector, width, height)
    assert left >= 0 and right <= tab.viewport_size["width"], (selector, left, right)
    assert picture.get_attribute("alt") == ""  # beside the visible name: decorative


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_avatar_in_talk_header_and_on_speaker_page(
    new_tab: Callable[..., Any], site: str, width: int, scheme: str
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab = _tab(new_tab, width, scheme)
    tab.goto(site + TALK)
    _assert_picture(tab, ".seminar-talk-header a.seminar-speaker img.seminar-avatar", 32)
    name = tab.locator(".seminar-talk-header a.seminar-speaker").first
    assert name.inner_text().strip() == "Tri Dao"  # the avatar adds no text to the link
    tab.screenshot(path=str(SCREENSHOTS / f"talk-{width}-{scheme}.png"), full_page=True)
    tab.goto(site + SPEAKER)
    _assert_picture(tab, ".seminar-speaker-picture img.seminar-avatar", 96)
    if scheme == "light":
        tab.screenshot(path=str(SCREENSHOTS / f"speaker-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_local_photo_shows_and_remote_photo_is_only_linked(
    media_site: str, new_tab: Callable[..., Any], width: int
) -> None:
    tab = _tab(new_tab, width)
    requested = _recorded(tab)
    tab.goto(media_site + MEDIA_TALK)
    tab.wait_for_load_state("networkidle")
    header = ".seminar-talk-header a.seminar-speaker"
    _assert_picture(tab, f"{header}[href$='grace-hopper.html'] img.seminar-speaker-photo", 32)
    for speaker in ("ludwig-van-beethoven", "li-lei", "madonna"):
        _assert_picture(tab, f"{header}[href$='{speaker}.html'] img.seminar-avatar", 32)
    tab.goto(media_site + "speakers/grace-hopper.html")
    _assert_picture(tab, ".seminar-speaker-picture img.seminar-speaker-photo", 96)
    tab.goto(media_site + "speakers/ludwig-van-beethoven.html")
    tab.wait_for_load_state("networkidle")
    _assert_picture(tab, ".seminar-speaker-picture img.seminar-avatar", 96)
    link = tab.locator(".seminar-photo-link a")
    assert link.get_attribute("href") == "https://example.org/beethoven.jpg"
    assert [url for url in requested if not url.startswith(media_site)] == []


@pytest.mark.parametrize("width", WIDTHS)
def test_facade_names_the_talk_and_its_speakers(new_tab: Callable[..., Any], site: str, width: int) -> None:
    tab = _tab(new_tab, width)
    tab.goto(site + TALK)
    facade = tab.locator("a.seminar-video-facade")
    title = tab.locator("h1").first.inner_text().replace("#", "").strip()
    assert facade.locator(".seminar-video-title").inner_text() == title
    assert facade.locator(".seminar-video-speakers").inner_text() == "Tri Dao"
    assert facade.locator(".seminar-video-label").inner_text() == "Watch the recording on YouTube"
    assert facade.locator(".seminar-play").is_visible()
    box_width, box_height, left, right = facade.evaluate(BOX)
    assert left >= 0 and right <= width and box_height >= box_width * 9 / 16 - 1
    for part in (".seminar-video-title", ".seminar-video-speakers", ".seminar-video-label"):
        inner = facade.locator(part).evaluate(BOX)
        assert inner[2] >= left and inner[3] <= right, part  # nothing cut off at the box's edge


RING = """el => { const s = getComputedStyle(el);
  return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor,
          box: s.backgroundColor}; }"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_facade_focus_ring_shows_on_the_box_and_on_the_page(
    new_tab: Callable[..., Any], site: str, scheme: str
) -> None:
    """WCAG 2.2 focus appearance: a ring of 2 px or more with 3:1 against the dark box and against the page."""
    tab = _tab(new_tab, 1280, scheme)
    tab.goto(site + TALK)
    facade = tab.locator("a.seminar-video-facade")
    for _ in range(200):  # reached with the keyboard, as a visitor would
        tab.keyboard.press("Tab")
        if facade.evaluate("e => document.activeElement === e"):
            break
    else:
        pytest.fail("the video box is not reached with Tab")
    ring = facade.evaluate(RING)
    page = _rgb(tab.evaluate("getComputedStyle(document.body).backgroundColor"))
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    assert contrast(_rgb(ring["colour"]), _rgb(ring["box"])) >= 3, ring
    assert contrast(_rgb(ring["colour"]), page) >= 3, (ring, page)
    tab.keyboard.press("Enter")  # the keyboard opens the player too
    frame = tab.locator(".seminar-video iframe")
    frame.wait_for()
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")


@pytest.mark.parametrize("path", [TALK, SPEAKER])
def test_nothing_is_requested_from_another_host_before_a_click(
    new_tab: Callable[..., Any], site: str, path: str
) -> None:
    tab = _tab(new_tab, 375)
    requested = _recorded(tab)
    tab.goto(site + path)
    tab.wait_for_load_state("networkidle")
    tab.mouse.wheel(0, 20_000)  # lazy content further down loads too
    tab.wait_for_timeout(300)
    assert [url for url in requested if not url.startswith(site)] == []
    if path != TALK:
        return
    tab.locator("a.seminar-video-facade").click()
    frame = tab.locator(".seminar-video iframe")
    video = re.escape(tab.locator(".seminar-video").get_attribute("data-video-id") or "none")
    assert re.match(rf"^https://www\.youtube-nocookie\.com/embed/{video}\?", frame.get_attribute("src"))
    tab.wait_for_timeout(300)
    assert any(url.startswith("https://www.youtube-nocookie.com/") for url in requested)  # attempted, then aborted


def test_without_javascript_the_facade_links_the_video(new_tab: Callable[..., Any], site: str) -> None:
    tab = new_tab(viewport={"width": 375, "height": 900}, java_script_enabled=False)
    tab.goto(site + TALK)
    facade = tab.locator("a.seminar-video-facade")
    assert facade.is_visible()
    assert facade.get_attribute("href").startswith("https://www.youtube.com/")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", [TALK, SPEAKER, "photo"])
def test_no_accessibility_violations(
    new_tab: Callable[..., Any], site: str, media_site: str, path: str, scheme: str
) -> None:
    """axe: no violation of any impact on a talk page and a speaker page (with a photo too), light and dark."""
    tab = _tab(new_tab, 1280, scheme)
    tab.goto(media_site + "speakers/grace-hopper.html" if path == "photo" else site + path)
    # The test site has no template of the real site's (furo's hidden skip text is outside any
    # landmark there): on its page, the article, which is the extension's.
    context = {"include": [["article"]]} if path == "photo" else None
    results = axe_run(tab, context=context)
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert found == [], "\n".join(found)
