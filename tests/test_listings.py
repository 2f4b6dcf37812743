"""Series pages as schedules, the speakers index in columns, speaker pages' talk lists (issue 13, items 5 and 8).

Checked on the real site against its ``talks.json`` (what every talk is, independently of the
pages), and on ``tests/roots/test-basic`` for the edits an incremental build must follow.
"""

from __future__ import annotations

import datetime as dt
import json
import string
from pathlib import Path
from typing import Any

import pytest
from bs4 import Tag

from seminar.site.query import listing_form
from seminar.site.timing import academic_quarter
from sitebuild import Build, build, build_root_as_of, copy_root, edit, soup

WEEKLY = "series/weekly-2020-2022.html"


pytestmark = pytest.mark.usefixtures("as_of_nov_14_2023")  # the build's "today": 2023-11-14


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_root_as_of(tmp_path_factory, "basic")


def _export(b: Build) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((b.outdir / "talks.json").read_text(encoding="utf-8"))
    return data


def _text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def _season(day: dt.date) -> str:
    """The quarter, worked out here from the rule in REFERENCE.md, not from the extension's table."""
    if day.month >= 9:
        return f"Fall {day.year}"
    if day.month >= 7:
        return f"Summer {day.year}"
    if day.month >= 4:
        return f"Spring {day.year}"
    return f"Winter {day.year}"


# -- the rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize("month", range(1, 13))
def test_academic_quarter_of_every_month(month: int) -> None:
    day = dt.date(2021, month, 15)
    year, order, label = academic_quarter(day)
    assert label == _season(day) and year == 2021
    assert order == ["Winter", "Spring", "Summer", "Fall"].index(label.split()[0]) + 1


@pytest.mark.parametrize(
    ("docname", "options", "form"),
    [
        ("series/fm", {}, ("schedule", "quarter")),
        ("series/fm", {"series": "fm"}, ("schedule", "quarter")),
        ("series/fm", {"group-by": "year"}, ("schedule", "year")),
        ("series/fm", {"style": "compact"}, ("compact", "none")),
        ("series/fm", {"series": "sys"}, ("cards", "none")),
        ("series/fm", {"speaker": "tri-dao"}, ("cards", "none")),
        ("index", {}, ("cards", "none")),
        ("index", {"style": "schedule"}, ("schedule", "none")),
        ("index", {"style": "schedule", "group-by": "quarter"}, ("schedule", "quarter")),
    ],
)
def test_listing_form_defaults(docname: str, options: dict[str, str], form: tuple[str, str]) -> None:
    assert listing_form(docname, options) == form


# -- series pages ------------------------------------------------------------------------------


def test_series_page_lists_every_talk_once_in_date_order(real: Build) -> None:
    talks = [t for t in _export(real)["talks"] if t["series"] == "weekly-2020-2022"]
    assert len(talks) == 66
    page = soup(real, WEEKLY)
    rows = page.select(".seminar-schedule .seminar-row")
    titles = [_text(row.select_one(".seminar-row-title > a")) for row in rows]
    expected = sorted(talks, key=lambda t: t["start"])
    assert titles == [t["title"] for t in expected]
    starts = [row.select_one("time.seminar-row-when")["datetime"] for row in rows]
    assert starts == [t["start"] for t in expected]
    assert not page.select(".seminar-cards")  # one column, no grid of cards


def test_series_page_groups_talks_under_a_heading_per_quarter(real: Build) -> None:
    talks = sorted((t for t in _export(real)["talks"] if t["series"] == "weekly-2020-2022"), key=lambda t: t["start"])
    expected: dict[str, int] = {}
    for talk in talks:
        season = _season(dt.date.fromisoformat(talk["date"]))
        expected[season] = expected.get(season, 0) + 1
    page = soup(real, WEEKLY)
    headings = page.select(".seminar-schedule h2.seminar-group")
    assert [_text(h).split(" · ")[0] for h in headings] == list(expected)
    assert list(expected)[:2] == ["Fall 2020", "Winter 2021"] and list(expected)[-1] == "Spring 2022"
    for heading in headings:
        rows = heading.find_next_sibling("div", class_="seminar-rows").select(".seminar-row")
        label, count = _text(heading).split(" · ")
        assert len(rows) == expected[label] and count == f"{expected[label]} talk{'s' * (expected[label] != 1)}"


def test_jump_list_leads_to_every_quarter(real: Build) -> None:
    page = soup(real, WEEKLY)
    nav = page.select_one("nav.seminar-jump[aria-label]")
    assert nav is not None
    targets = [a["href"] for a in nav.select("a")]
    headings = page.select(".seminar-schedule h2.seminar-group")
    assert targets == [f"#{h['id']}" for h in headings]
    assert [_text(a) for a in nav.select("a")] == [_text(h).split(" · ")[0] for h in headings]


def test_each_row_opens_its_abstract_in_place(real: Build) -> None:
    talks = {t["title"]: t for t in _export(real)["talks"]}
    for row in soup(real, WEEKLY).select(".seminar-row"):
        talk = talks[_text(row.select_one(".seminar-row-title > a"))]
        details = row.select_one("details.seminar-row-abstract")
        if not talk["abstract"]:
            assert details is None
            continue
        assert details is not None and "open" not in details.attrs  # closed until clicked
        assert _text(details.select_one("summary")) == "Abstract"
        shown = " ".join(p.get_text(" ") for p in details.select("p"))
        assert " ".join(shown.split()) == " ".join(talk["abstract"].split())


def test_each_row_keeps_speakers_time_and_video(real: Build) -> None:
    talks = {t["title"]: t for t in _export(real)["talks"]}
    for row in soup(real, WEEKLY).select(".seminar-row"):
        talk = talks[_text(row.select_one(".seminar-row-title > a"))]
        names = [_text(a) for a in row.select("a.seminar-speaker")]
        assert names == [s["name"] for s in talk["speakers"]][: len(names)] and names
        when = row.select_one("time.seminar-row-when")
        assert when["data-end"] == talk["end"]
        day = dt.date.fromisoformat(talk["date"])
        assert _text(when).startswith(f"{day:%b} {day.day} · ") and _text(when).endswith(" PT")
        video = row.select_one("a.seminar-row-video")
        assert video is not None and video["href"] == (talk["recording"] or talk["livestream"])


def test_a_series_page_does_not_link_to_itself(real: Build) -> None:
    for page in ("series/weekly-2020-2022.html", "series/foundation-models-2023.html"):
        listing = soup(real, page).select_one(".seminar-schedule")
        hrefs = [a["href"] for a in listing.select("a[href]")]
        assert hrefs and not [h for h in hrefs if h in ("", "#") or h.split("#")[0] == page.rsplit("/", 1)[-1]]
        assert not listing.select(".seminar-series-link")


def test_a_series_of_one_quarter_has_no_jump_list(real: Build) -> None:
    count = sum(t["series"] == "foundation-models-2023" for t in _export(real)["talks"])
    page = soup(real, "series/foundation-models-2023.html")
    assert [_text(h) for h in page.select(".seminar-schedule h2.seminar-group")] == [f"Winter 2023 · {count} talks"]
    assert page.select_one("nav.seminar-jump") is None


def test_breaks_stay_in_place_in_a_schedule(basic: Build) -> None:
    rows = soup(basic, "series/fm.html").select(".seminar-rows > div")
    assert [_text(r).split(" ")[0] for r in rows] == ["FlashAttention:", "Jan", "Monarch"]
    assert "no talk (MLK Day)" in _text(rows[1])


def test_a_style_given_on_a_series_page_wins(basic: Build) -> None:
    page = soup(basic, "series/sys.html")  # :style: compact, :group-by: year
    assert not page.select(".seminar-schedule") and page.select("ul.seminar-compact li")


# -- the speakers index ------------------------------------------------------------------------


def test_speakers_index_lists_every_speaker_with_latest_affiliation_and_talk(real: Build) -> None:
    data = _export(real)
    titles = {t["slug"]: t for t in data["talks"]}
    page = soup(real, "speakers/index.html")
    entries = {_text(li.select_one("a.seminar-speaker")): li for li in page.select("ul.seminar-speaker-list > li")}
    assert len(entries) == len(data["speakers"]) == 85
    for speaker in data["speakers"]:
        entry = entries[speaker["name"]]
        latest = max((titles[slug] for slug in speaker["talks"]), key=lambda t: t["start"])
        assert _text(entry.select_one(".seminar-latest-talk")) == latest["title"]
        assert [a["href"] for a in entry.select("a")] == [speaker["path"].removeprefix("speakers/")]
        affiliation = entry.select_one(".seminar-affiliation")
        if speaker["affiliations"]:
            assert _text(affiliation) == speaker["affiliations"][-1]["name"]
        else:
            assert affiliation is None
        count = entry.select_one(".seminar-talk-count")
        if len(speaker["talks"]) > 1:
            assert _text(count) == f"· {len(speaker['talks'])} talks"
        else:
            assert count is None
    assert "(1 talk)" not in _text(page)


def test_speakers_index_bar_has_every_letter_and_links_only_those_in_use(real: Build) -> None:
    page = soup(real, "speakers/index.html")
    bar = page.select_one("nav.seminar-az[aria-label]")
    letters = [_text(a) for a in bar.select("a")]
    assert letters == list(string.ascii_uppercase)
    headings = {_text(h): h["id"] for h in page.select(".seminar-speaker-index h2.seminar-letter")}
    for link in bar.select("a"):
        letter = _text(link)
        if letter in headings:
            assert link["href"] == f"#{headings[letter]}" and not link.get("aria-disabled")
        else:
            assert "href" not in link.attrs and link["aria-disabled"] == "true" and link["role"] == "link"
    assert {"E", "I", "Q"} <= set(letters) - set(headings)  # no speaker's family name starts with these
    for heading in page.select(".seminar-speaker-index h2.seminar-letter"):
        names = [_text(a) for a in heading.find_next_sibling("ul").select("a.seminar-speaker")]
        assert names and all(n.split()[-1][0].upper() == _text(heading) for n in names)


# -- speaker pages -----------------------------------------------------------------------------


def test_speaker_page_names_co_speakers_but_not_the_speaker(basic: Build) -> None:
    page = soup(basic, "speakers/dan-fu.html")
    lines = [_text(li) for li in page.select("article ul.seminar-compact > li")]
    assert len(lines) == 2 and not [line for line in lines if "Dan Fu" in line]
    monarch = next(line for line in lines if "Monarch Mixer" in line)
    assert "— with Tri Dao" in monarch
    future = next(line for line in lines if "A Talk in the Future" in line)
    assert "—" not in future  # he gave it alone
    assert _text(page.select_one("article h1")).startswith("Dan Fu")


# -- incremental builds ------------------------------------------------------------------------


def test_a_title_edit_reaches_the_speakers_index_and_the_schedule(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    build(src, tmp_path / "out", fresh=True)
    edit(src / "talks/2023/monarch.md", "title: Monarch Mixer", "title: Monarch Mixer Two")
    again = build(src, tmp_path / "out")
    assert {"speakers/index", "series/fm"} <= again.written
    index = soup(again, "speakers/index.html")
    latest = {
        _text(li.select_one("a.seminar-speaker")): _text(li.select_one(".seminar-latest-talk"))
        for li in index.select("ul.seminar-speaker-list > li")
    }
    assert latest == {"Tri Dao": "Monarch Mixer Two", "Dan Fu": "A Talk in the Future"}
