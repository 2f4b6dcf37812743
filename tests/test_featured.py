"""``{featured-talk}``: the home page's card of the next talk, else the latest, and "Subscribe to all talks".

``tests/roots/test-home`` has a spring series (a talk with a recording, one with a livestream and two
speakers, a cancelled one) and an autumn series (one talk without links), built as on several days:
between the spring talks, after them, and long after every talk.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from sitebuild import Build, build, copy_root, edit, seminar_warnings

MARCH_5 = "1709640000"  # 2024-03-05 12:00 UTC: the first talk is over, the second is next
MARCH_20 = "1710936000"  # 2024-03-20: the spring series is over (its last talk cancelled), autumn ahead
FAR_FUTURE = "1893456000"  # 2030-01-01: every talk is over


def _build(tmp: Path, epoch: str, monkeypatch: pytest.MonkeyPatch, srcdir: Path | None = None) -> Build:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    source = srcdir or copy_root("home", tmp)
    return build(source, tmp / "build", fresh=srcdir is None)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    built = {}
    with pytest.MonkeyPatch.context() as mp:
        for epoch in (MARCH_5, MARCH_20, FAR_FUTURE):
            built[epoch] = _build(tmp_path_factory.mktemp(f"home-{epoch}"), epoch, mp)
    return built


def _soup(site: Build, page: str) -> BeautifulSoup:
    return BeautifulSoup((site.outdir / page).read_bytes(), "html.parser")


def _featured(site: Build, page: str = "index.html") -> Tag:
    box = _soup(site, page).select_one("article .seminar-featured")
    assert box is not None
    return box


def _shown(box: Tag) -> list[Tag]:
    """The cards shown without the script (those not hidden by ``seminar-later``)."""
    return [card for card in box.select(".seminar-featured-talk") if "seminar-later" not in card["class"]]


def _visible_text(node: Tag) -> str:
    """The text of ``node`` without the parts hidden at build time."""
    copy = BeautifulSoup(str(node), "html.parser")
    for hidden in copy.select(".seminar-later"):
        hidden.decompose()
    return copy.get_text(" ", strip=True)


def test_misuse_is_warned_at_its_line(sites: dict[str, Build]) -> None:
    site = sites[MARCH_5]
    source = site.outdir.parents[1] / "home"
    assert seminar_warnings(site, source, "unknown_series") == [
        ("misuse.md", 3, "{featured-talk} names unknown series 'no-such-series'")
    ]
    options = seminar_warnings(site, source, "bad_option")
    assert [(path, line) for path, line, _ in options] == [("misuse.md", 8), ("misuse.md", 11)]
    assert options[0][2].startswith("{featured-talk} has no option :when:")
    assert options[1][2].startswith("{featured-talk} takes no content")
    others = [line for line in site.warnings.splitlines() if "misuse.md" not in line]
    assert others == []


def test_the_next_talk_is_the_card_shown_with_its_actions(sites: dict[str, Build]) -> None:
    box = _featured(sites[MARCH_5])
    (card,) = _shown(box)
    text = _visible_text(card)
    assert text.startswith("Next talk · Spring Series (Spring 2024)")
    assert "Latest talk" not in text
    title = card.select_one(".seminar-featured-title a")
    assert title is not None and (title.get_text(), title["href"]) == ("The Second Talk", "talks/2024/second.html")
    assert "Grace Hopper (Navy) and Alan Turing" in text
    when = card.select_one("time.seminar-when")
    assert when is not None
    assert (when["datetime"], when["data-end"]) == ("2024-03-11T10:30:00-07:00", "2024-03-11T11:30:00-07:00")
    assert "Monday, March 11, 2024, 10:30–11:30 AM PT" in text
    watch = card.select_one("a.seminar-action-watch")
    assert watch is not None and watch["href"] == "https://www.youtube.com/watch?v=second00002"
    assert _visible_text(watch) == "Watch live"
    ics = card.select_one("a.seminar-action-ics")
    assert ics is not None and ics["href"] == "talks/2024/second.ics"
    google = card.select_one("a.seminar-action-google")
    assert google is not None
    query = parse_qs(urlsplit(str(google["href"])).query)
    assert query["dates"] == ["20240311T173000Z/20240311T183000Z"]
    assert query["text"] == ["The Second Talk — Grace Hopper and Alan Turing (Test Seminar)"]


def test_the_talks_after_the_next_are_carried_hidden_for_the_script(sites: dict[str, Build]) -> None:
    cards = _featured(sites[MARCH_5]).select(".seminar-featured-talk")
    titles = [card.select_one(".seminar-featured-title").get_text() for card in cards]  # type: ignore[union-attr]
    assert titles == ["The Second Talk", "Opening the Autumn"]  # the cancelled talk is never featured
    assert ["seminar-later" in card["class"] for card in cards] == [False, True]


def test_a_talk_ahead_without_a_livestream_points_at_the_channel(sites: dict[str, Build]) -> None:
    (card,) = _shown(_featured(sites[MARCH_20]))
    assert _visible_text(card).startswith("Next talk · Autumn Series (Autumn 2024)")
    watch = card.select_one("a.seminar-action-watch")
    assert watch is not None and watch["href"] == "https://www.youtube.com/@seminar"
    assert _visible_text(watch) == "Watch live on YouTube"
    assert "5:00–6:00 PM CEST" in _visible_text(card)


def test_with_nothing_ahead_the_latest_talk_and_its_series(sites: dict[str, Build]) -> None:
    box = _featured(sites[FAR_FUTURE])
    (card,) = box.select(".seminar-featured-talk")
    text = _visible_text(card)
    assert text.startswith("Latest talk · Autumn Series (Autumn 2024)")
    assert "Opening the Autumn" in text and "Next talk" not in text
    assert card.select("a.seminar-action") == []  # no recording to watch, nothing to add to a calendar
    assert "No talks are scheduled" not in box.get_text()


def test_a_series_page_features_its_own_latest_talk_and_its_recording(sites: dict[str, Build]) -> None:
    for epoch in (MARCH_20, FAR_FUTURE):
        (card,) = _shown(_featured(sites[epoch], "series/spring.html"))
        assert _visible_text(card).startswith("Latest talk · Spring Series")
        watch = card.select_one("a.seminar-action-watch")
        assert watch is not None and watch["href"] == "https://www.youtube.com/watch?v=second00002"
        assert _visible_text(watch) == "Watch the recording"  # the livestream stays online as the recording
        assert card.select("a.seminar-action-ics, a.seminar-action-google") == []


def test_subscribe_to_all_talks_follows_the_card(sites: dict[str, Build]) -> None:
    line = _featured(sites[MARCH_5]).select_one(".seminar-subscribe-all")
    assert line is not None
    assert line.get_text(" ", strip=True).startswith("Subscribe to all talks:")
    links = {a.get_text(): a["href"] for a in line.select("a")}
    assert links == {
        "Calendar app": "webcal://seminar.example.org/calendar.ics",
        "Google Calendar": "https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Fseminar.example.org%2Fcalendar.ics",
        "Atom feed": "atom.xml",
    }


@pytest.mark.parametrize(
    "page",
    [
        "talks/index.html",
        "speakers/index.html",
        "series/spring.html",
        "series/autumn.html",
        "tags/index.html",
        "tags/compilers.html",
    ],
)
def test_every_listing_page_offers_subscribe_to_all_talks(sites: dict[str, Build], page: str) -> None:
    lines = _soup(sites[MARCH_5], page).select("article .seminar-subscribe-all")
    assert len(lines) == 1
    hrefs = [a["href"] for a in lines[0].select("a")]
    assert hrefs[0] == "webcal://seminar.example.org/calendar.ics"
    assert hrefs[-1] == "../atom.xml"


def test_without_a_public_url_the_calendar_file_is_offered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = copy_root("home", tmp_path)
    edit(source / "conf.py", 'html_baseurl = "https://seminar.example.org/"', 'html_baseurl = ""')
    site = _build(tmp_path, MARCH_5, monkeypatch, source)
    line = _featured(site).select_one(".seminar-subscribe-all")
    assert line is not None
    assert {a.get_text(): a["href"] for a in line.select("a")} == {
        "Calendar (.ics)": "calendar.ics",
        "Atom feed": "atom.xml",
    }


def test_an_edit_or_a_new_talk_rewrites_the_home_page_as_a_clean_build_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = copy_root("home", tmp_path)
    _build(tmp_path, MARCH_5, monkeypatch, source)
    edit(source / "talks/2024/second.md", "title: The Second Talk", "title: The Second Talk, Renamed")
    again = _build(tmp_path, MARCH_5, monkeypatch, source)
    assert "index" in again.written
    assert "The Second Talk, Renamed" in _featured(again).get_text()
    (source / "talks/2024/sooner.md").write_text(
        "---\ntitle: A Sooner Talk\nspeakers: [Edsger Dijkstra]\ndate: 2024-03-07\nseries: spring\n---\n",
        encoding="utf-8",
    )
    third = _build(tmp_path, MARCH_5, monkeypatch, source)
    assert "index" in third.written
    (card,) = _shown(_featured(third))
    assert "A Sooner Talk" in card.get_text()
    clean_dir = tmp_path / "clean"
    shutil.copytree(source, clean_dir / "home")
    clean = _build(clean_dir, MARCH_5, monkeypatch, clean_dir / "home")
    assert (clean.outdir / "index.html").read_bytes() == (third.outdir / "index.html").read_bytes()


def test_the_home_page_is_described_by_its_pitch_not_by_the_card(sites: dict[str, Build]) -> None:
    """The card's text holds both wordings and the talks for later; the description is the pitch above it."""
    description = _soup(sites[MARCH_5], "index.html").select_one('head meta[name="description"]')
    assert description is not None and description["content"] == "Talks about test systems, free to watch."


def test_a_later_build_of_the_same_sources_features_the_next_talk_of_its_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No source changed, only the build's date: the talk that was next is over, so the home page is rewritten."""
    source = copy_root("home", tmp_path)
    _build(tmp_path, MARCH_5, monkeypatch, source)
    later = _build(tmp_path, MARCH_20, monkeypatch, source)
    assert "index" in later.written
    (card,) = _shown(_featured(later))
    assert "Opening the Autumn" in card.get_text()
