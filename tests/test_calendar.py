"""iCalendar files parsed with ``icalendar``: times with zones, stable UIDs and stamps, status, links, buttons.

The real site is built twice (two fresh builds must give the same bytes for every calendar,
feed and ``talks.json``); ``tests/roots/test-feeds`` has cancelled, postponed and all-day talks.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar, Event

from sitebuild import Build, build, copy_root, edit

ROOT = Path(__file__).resolve().parents[1]
MACHINE_FILES = ("**/*.ics", "**/*.atom.xml", "atom.xml", "talks.json", "talks.schema.json", "sitemap.xml")


pytestmark = pytest.mark.usefixtures("as_of_nov_14_2023")  # the build's "today": 2023-11-14


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    first = build(ROOT, tmp_path_factory.mktemp("real1"), fresh=True)
    second = build(ROOT, tmp_path_factory.mktemp("real2"), fresh=True)
    return first, second


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp("feeds")
    return build(copy_root("feeds", tmp), tmp / "out", fresh=True)


def calendar(b: Build, path: str) -> Calendar:
    return Calendar.from_ical((b.outdir / path).read_bytes())


def events_by_title(cal: Calendar) -> dict[str, Event]:
    """Events by their talk's title: the SUMMARY up to " — " (the speakers and short name follow)."""
    return {str(event["SUMMARY"]).split(" — ")[0]: event for event in cal.events}


def machine_files(outdir: Path) -> dict[str, bytes]:
    found = {p for pattern in MACHINE_FILES for p in outdir.glob(pattern)}
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in sorted(found)}


def soup(b: Build, page: str) -> BeautifulSoup:
    return BeautifulSoup((b.outdir / page).read_text(encoding="utf-8"), "html.parser")


def test_real_site_builds_without_warnings(real: tuple[Build, Build]) -> None:
    assert real[0].warnings == ""


def test_calendar_has_all_86_talks_with_tzid_and_vtimezone(real: tuple[Build, Build]) -> None:
    cal = calendar(real[0], "calendar.ics")
    assert len(cal.events) == 86
    zones = {str(tz["TZID"]) for tz in cal.timezones}
    assert zones == {"America/Los_Angeles"}
    for event in cal.events:
        for key in ("DTSTART", "DTEND"):
            assert event[key].params["TZID"] in zones, event["SUMMARY"]
            assert event.decoded(key).tzinfo is not None  # never floating
        assert event["DTEND"].dt > event["DTSTART"].dt


def test_calendar_properties(real: tuple[Build, Build]) -> None:
    cal = calendar(real[0], "calendar.ics")
    assert str(cal["NAME"]) == str(cal["X-WR-CALNAME"]) == "Stanford MLSys Seminar"
    assert cal["REFRESH-INTERVAL"].dt == dt.timedelta(hours=12)
    assert str(cal["SOURCE"]) == "https://mlsys.stanford.edu/calendar.ics"
    assert "METHOD" not in cal  # DTSTAMP then means "last revised", see calendar.py


def test_uids_are_unique_without_host_and_stable_between_builds(real: tuple[Build, Build]) -> None:
    first, second = (sorted(str(e["UID"]) for e in calendar(b, "calendar.ics").events) for b in real)
    assert first == second
    assert len(set(first)) == 86
    assert not any("@" in uid or "stanford" in uid for uid in first)


def test_two_builds_give_byte_identical_calendars_feeds_and_json(real: tuple[Build, Build]) -> None:
    one, two = machine_files(real[0].outdir), machine_files(real[1].outdir)
    assert "calendar.ics" in one and "atom.xml" in one and "talks.json" in one
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []


def test_series_speaker_and_talk_calendars(real: tuple[Build, Build]) -> None:
    b = real[0]
    total = 0
    for series_id, title in [
        ("foundation-models-2023", "Foundation Models Limited Series"),
        ("systems-for-ml-2023", "Systems for Machine Learning Limited Series"),
        ("weekly-2020-2022", "MLSys Seminar weekly talks"),
    ]:
        cal = calendar(b, f"series/{series_id}.ics")
        assert str(cal["X-WR-CALNAME"]) == str(cal["NAME"]) == title
        total += len(cal.events)
    assert total == 86
    tri = calendar(b, "speakers/tri-dao.ics")
    assert {str(e["SUMMARY"]) for e in tri.events} >= {
        "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness — Tri Dao (MLSys Seminar)"
    }
    one = calendar(b, "talks/2023/flashattention.ics")
    (event,) = one.events
    assert str(event["URL"]) == "https://mlsys.stanford.edu/talks/2023/flashattention.html"
    assert "Transformers are slow and memory-hungry" in str(event["DESCRIPTION"])
    assert str(event["CONFERENCE"]) == "https://www.youtube.com/watch?v=gMOAud7hZg4"
    assert event["CONFERENCE"].params["FEATURE"] == "VIDEO"
    assert event.decoded("DTSTART") == dt.datetime(2023, 1, 11, 15, 30, tzinfo=event.decoded("DTSTART").tzinfo)
    assert event.decoded("DTSTART").utcoffset() == dt.timedelta(hours=-8)


def test_stamps_sequence_and_status(feeds: Build) -> None:
    assert feeds.warnings == ""
    events = events_by_title(calendar(feeds, "calendar.ics"))
    flash = events["FlashAttention: Fast Attention"]
    start_utc = flash.decoded("DTSTART").astimezone(dt.UTC)
    assert flash.decoded("DTSTAMP") == flash.decoded("LAST-MODIFIED") == start_utc
    assert (int(flash["SEQUENCE"]), str(flash["STATUS"])) == (0, "CONFIRMED")
    assert [str(c) for c in flash.categories] == ["attention", "efficiency"]
    assert "Transformers are slow and memory-hungry on long sequences.\n\nWe propose FlashAttention." in str(
        flash["DESCRIPTION"]
    )
    assert "Recording: https://www.youtube.com/watch?v=abc" in str(flash["DESCRIPTION"])
    assert "CONFERENCE" not in flash

    cancelled = events["Cancelled: Breaking </script><script>alert(1)</script> & Co"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == 1
    assert str(cancelled["UID"]) == "3f0c1c9e-0000-4000-8000-000000000001"  # the front-matter uid

    postponed = events["Postponed: A Postponed Day"]
    assert (str(postponed["STATUS"]), int(postponed["SEQUENCE"])) == ("TENTATIVE", 1)
    assert postponed.decoded("DTSTART") == dt.date(2024, 3, 31)  # all-day: a date, not a floating time
    assert postponed.decoded("DTEND") == dt.date(2024, 4, 1)

    monarch = events["Monarch Mixer"]
    assert str(monarch["CONFERENCE"]) == "https://www.youtube.com/watch?v=live"
    assert str(monarch["LOCATION"]) == "https://www.youtube.com/watch?v=live"
    assert monarch.decoded("DTSTART").utcoffset() == dt.timedelta(hours=-7)  # after the DST change
    assert str(monarch["URL"]) == "https://example.org/en/latest/talks/2023/monarch.html"


def test_a_cancelled_talk_stays_in_every_calendar(feeds: Build) -> None:
    for path in ("calendar.ics", "series/fm.ics", "speakers/eve-b-evil-b.ics", "talks/2023/cancelled.ics"):
        statuses = [str(e["STATUS"]) for e in calendar(feeds, path).events]
        assert "CANCELLED" in statuses, path


def _calendar_links(b: Build, page: str) -> dict[str, str]:
    line = soup(b, page).select_one("p.seminar-calendar")
    assert line is not None, page
    return {a.get_text(): a["href"] for a in line.select("a")}


def test_talk_page_add_to_calendar(feeds: Build) -> None:
    links = _calendar_links(feeds, "talks/2023/flash.html")
    assert links["Download .ics"] == "flash.ics"
    assert (feeds.outdir / "talks/2023/flash.ics").is_file()
    assert links["Subscribe to the series"] == "webcal://example.org/en/latest/series/fm.ics"
    google = urlsplit(links["Google Calendar"])
    query = {key: value[0] for key, value in parse_qs(google.query).items()}
    assert (google.netloc, query["action"], query["ctz"]) == ("calendar.google.com", "TEMPLATE", "America/Los_Angeles")
    assert query["text"] == "FlashAttention: Fast Attention — Tri Dao"  # the same title as the .ics event
    assert query["dates"] == "20230111T233000Z/20230112T002000Z"
    assert "https://example.org/en/latest/talks/2023/flash.html" in query["details"]
    assert "Google Calendar" not in _calendar_links(feeds, "talks/2023/cancelled.html")
    assert "Google Calendar" not in _calendar_links(feeds, "talks/2024/postponed.html")


def test_talk_page_offers_the_calendar_after_the_abstract_and_bios(feeds: Build) -> None:
    article = soup(feeds, "talks/2023/flash.html").select_one("article")
    assert article is not None
    order = [
        next(iter(tag.get("class", [])), tag.name)
        for tag in article.select(".seminar-talk-header, .seminar-abstract, .seminar-bio, p.seminar-calendar")
    ]
    assert order[0] == "seminar-talk-header"
    assert order[-1] == "seminar-calendar"
    assert "seminar-abstract" in order and "seminar-bio" in order


def test_series_page_offers_subscriptions(feeds: Build) -> None:
    links = _calendar_links(feeds, "series/fm.html")
    assert links["Subscribe"] == "webcal://example.org/en/latest/series/fm.ics"
    assert parse_qs(urlsplit(links["Google Calendar"]).query)["cid"] == [links["Subscribe"]]
    assert links["Download .ics"] == "fm.ics"
    assert links["Atom feed"] == "fm.atom.xml"


def test_dirhtml_links_reach_the_files(tmp_path: Path) -> None:
    result = build(copy_root("feeds", tmp_path), tmp_path / "out", fresh=True, buildername="dirhtml")
    assert result.warnings == ""
    page = "talks/2023/flash/index.html"
    href = _calendar_links(result, page)["Download .ics"]
    assert href == "../flash.ics"
    assert (result.outdir / posixpath.normpath(posixpath.join("talks/2023/flash", href))).is_file()
    event = calendar(result, "talks/2023/flash.ics").events[0]
    assert str(event["URL"]) == "https://example.org/en/latest/talks/2023/flash/"


def test_incremental_build_writes_what_a_clean_build_writes(tmp_path: Path) -> None:
    src = copy_root("feeds", tmp_path)
    build(src, tmp_path / "inc", fresh=True)
    edit(src / "talks/2023/flash.md", "FlashAttention: Fast Attention", "FlashAttention 2")
    (src / "talks/2024/postponed.md").unlink()
    incremental = build(src, tmp_path / "inc")
    clean = build(src, tmp_path / "clean", fresh=True)
    assert incremental.written < clean.written  # really incremental
    inc, ref = machine_files(incremental.outdir), machine_files(clean.outdir)
    assert sorted(inc) == sorted(ref)
    assert [name for name in ref if inc[name] != ref[name]] == []
    assert "talks/2024/postponed.ics" not in inc
    assert "FlashAttention 2" in events_by_title(calendar(incremental, "calendar.ics"))


def test_without_a_base_url_there_are_no_absolute_links(tmp_path: Path) -> None:
    src = copy_root("feeds", tmp_path)
    edit(src / "conf.py", 'html_baseurl = "https://example.org/en/latest/"', 'html_baseurl = ""')
    edit(src / "conf.py", '"sphinx_sitemap", ', "")  # the sitemap needs a base URL
    result = build(src, tmp_path / "out", fresh=True)
    assert result.warnings == ""
    event = events_by_title(calendar(result, "calendar.ics"))["FlashAttention: Fast Attention"]
    assert "URL" not in event
    assert "Talk page" not in str(event["DESCRIPTION"])
    links = _calendar_links(result, "talks/2023/flash.html")
    assert set(links) == {"Download .ics", "Google Calendar"}  # a subscription needs the public URL


def test_a_past_livestream_is_offered_as_the_recording(feeds: Build) -> None:
    page = soup(feeds, "talks/2023/monarch.html")
    assert page.select_one(".seminar-video-link a")["href"] == "https://www.youtube.com/watch?v=live"
    assert page.select_one(".seminar-video-link a").get_text() == "Watch the recording"


def test_a_talk_page_leads_to_its_video_one_way(feeds: Build) -> None:
    """No badge nor header link repeats the video slot; listings carry no "Recording" badge."""
    for talk in ("monarch", "flash"):
        page = soup(feeds, f"talks/2023/{talk}.html")
        header = page.select_one(".seminar-talk-header")
        assert header is not None
        assert not header.select(".seminar-link-recording, .seminar-link-livestream, .seminar-badge-recording")
    assert not soup(feeds, "series/fm.html").select(".seminar-badge-recording")


def test_event_titles_name_the_speakers_and_the_seminar(real: tuple[Build, Build]) -> None:
    (event,) = calendar(real[0], "talks/2023/flashattention.ics").events
    title = "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness"
    assert str(event["SUMMARY"]) == f"{title} — Tri Dao (MLSys Seminar)"
    assert "Talk page: https://mlsys.stanford.edu/talks/2023/flashattention.html" in str(event["DESCRIPTION"])
    page = soup(real[0], "talks/2023/flashattention.html")
    google = next(
        str(a["href"])
        for a in page.select("a")
        if str(a.get("href", "")).startswith("https://calendar.google.com/calendar/render?")
    )
    assert parse_qs(urlsplit(google).query)["text"] == [f"{title} — Tri Dao (MLSys Seminar)"]
    feed = (real[0].outdir / "atom.xml").read_text(encoding="utf-8")
    assert f"<title>{title}</title>" in feed  # feed entries keep the talk's title: they have authors


@pytest.mark.parametrize(
    ("speakers", "short", "expected"),
    [
        ([], "", "T"),
        (["A"], "", "T — A"),
        (["A", "B"], "S", "T — A and B (S)"),
        (["A", "B", "C", "D"], "S", "T — A, B, C and D (S)"),
        (["A", "B", "C", "D", "E"], "", "T — A, B, C and 2 others"),
    ],
)
def test_event_summary(speakers: list[str], short: str, expected: str) -> None:
    from types import SimpleNamespace

    from seminar.site.texts import event_summary

    talk = SimpleNamespace(title="T", status="scheduled", speakers=[SimpleNamespace(name=n) for n in speakers])
    assert event_summary(SimpleNamespace(talk=talk), short) == expected  # type: ignore[arg-type]
    cancelled = SimpleNamespace(talk=SimpleNamespace(title="T", status="cancelled", speakers=talk.speakers))
    assert event_summary(cancelled, short).startswith("Cancelled: T")  # type: ignore[arg-type]
