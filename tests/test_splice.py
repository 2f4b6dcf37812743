"""Spliced calendars and feeds are byte for byte what ``icalendar`` and ``feedgen`` serialize.

The extension serializes each ``VEVENT``/``VTIMEZONE`` and each Atom ``<entry>`` once and splices
the pieces into the serialization of an empty calendar or feed
(:func:`seminar.outputs.calendar.splice`, :func:`seminar.outputs.feeds.splice`).  These tests
check that the splice equals the library's own output of the whole document: first with pieces
made here, then for every calendar and feed of ``tests/roots/test-feeds`` as the extension makes
them, against the library's serialization of the very objects the extension built (recorded by
replacing the library's class with a subclass that remembers its instances).
``talks.json`` is checked the same way in ``tests/test_export.py``.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from io import StringIO
from types import ModuleType
from typing import Any

import feedgen.entry
import feedgen.feed
import icalendar
import pytest
from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event, Timezone
from lxml import etree
from sphinx.testing.util import SphinxTestApp

from seminar.domain.config import links_of
from seminar.domain.domain import domain_of
from seminar.outputs import calendar, feeds
from seminar.site.catalog import calendar_files, feed_files
from sitebuild import copy_root

LA = zoneinfo.ZoneInfo("America/Los_Angeles")


# -- calendars -------------------------------------------------------------------------------


def empty_calendar() -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Test//Splice//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Talks")
    return cal


def event(uid: str, day: int) -> Event:
    ev = Event()
    ev.add("uid", uid)
    ev.add("summary", f"Talk {uid}")
    ev.add("dtstart", dt.datetime(2023, 1, day, 15, 30, tzinfo=LA))
    ev.add("dtend", dt.datetime(2023, 1, day, 16, 20, tzinfo=LA))
    ev.add("dtstamp", dt.datetime(2023, 1, day, 23, 30, tzinfo=dt.UTC))
    ev.add("description", "A description long enough to be folded over several lines. " * 3)
    return ev


def test_calendar_splice_equals_icalendar_output() -> None:
    zone = Timezone.from_tzid("America/Los_Angeles", first_date=dt.date(2023, 1, 1), last_date=dt.date(2024, 1, 1))
    parts = [zone, event("a", 11), event("b", 23)]
    whole = empty_calendar()
    for part in parts:
        whole.add_component(part)
    spliced = calendar.splice(empty_calendar().to_ical(), [part.to_ical() for part in parts])
    assert spliced == whole.to_ical()


def test_calendar_splice_puts_zones_where_add_missing_timezones_does() -> None:
    whole = empty_calendar()
    events = [event("a", 11), event("b", 23)]
    for ev in events:
        whole.add_component(ev)
    whole.add_missing_timezones(first_date=dt.date(2023, 1, 1), last_date=dt.date(2024, 1, 1))
    zone = Timezone.from_tzid("America/Los_Angeles", first_date=dt.date(2023, 1, 1), last_date=dt.date(2024, 1, 1))
    spliced = calendar.splice(empty_calendar().to_ical(), [zone.to_ical(), *(ev.to_ical() for ev in events)])
    assert spliced == whole.to_ical()


def test_calendar_splice_rejects_a_head_without_end() -> None:
    head = empty_calendar().to_ical()
    with pytest.raises(ValueError, match="END:VCALENDAR"):
        calendar.splice(head[: -len(b"END:VCALENDAR\r\n")], [event("a", 11).to_ical()])


# -- feeds -----------------------------------------------------------------------------------


def empty_feed() -> FeedGenerator:
    fg = FeedGenerator()
    fg.id("urn:uuid:00000000-0000-0000-0000-000000000000")
    fg.title("Test Seminar")
    fg.link(href="https://example.org/atom.xml", rel="self", type="application/atom+xml")
    fg.author(name="Organizers")
    fg.updated(dt.datetime(2023, 1, 23, 23, 30, tzinfo=dt.UTC))
    return fg


def fill(fe: FeedEntry, day: int) -> FeedEntry:
    fe.id(f"urn:uuid:00000000-0000-0000-0000-0000000000{day:02d}")
    fe.title(f"Talk <b>{day}</b>")
    fe.link(href=f"https://example.org/talks/{day}.html", rel="alternate", type="text/html")
    fe.updated(dt.datetime(2023, 1, day, 23, 30, tzinfo=dt.UTC))
    fe.summary(f"Abstract of talk {day}.", type="text")
    fe.author(name=f"Speaker {day}", uri=f"https://example.org/speakers/{day}.html")
    fe.category(term="attention", label="attention")
    return fe


def entry_bytes(fe: FeedEntry) -> bytes:
    """One entry as ``seminar.outputs.feeds.entry_xml`` serializes it: pretty, inside a stand-in ``<feed>``."""
    holder = etree.Element("feed")
    holder.append(fe.atom_entry())
    text = etree.tostring(holder, pretty_print=True, encoding="UTF-8", xml_declaration=False)
    return text[len(b"<feed>\n") : -len(b"</feed>\n")]


def test_feed_splice_equals_feedgen_output() -> None:
    whole = empty_feed()
    for day in (11, 23):
        fill(whole.add_entry(), day)  # add_entry prepends: the feed lists talk 23, then talk 11
    expected = whole.atom_str(pretty=True)
    assert expected.index(b"Talk &lt;b&gt;23") < expected.index(b"Talk &lt;b&gt;11")
    entries = [entry_bytes(fill(FeedEntry(), day)) for day in (23, 11)]
    assert feeds.splice(empty_feed().atom_str(pretty=True), entries) == expected


def test_feed_splice_rejects_a_head_without_end() -> None:
    head = empty_feed().atom_str(pretty=True)
    with pytest.raises(ValueError, match="</feed>"):
        feeds.splice(head.rstrip(), [])


# -- every calendar and feed of a site, as the extension makes them --------------------------


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxTestApp]:
    """``tests/roots/test-feeds`` built once (cancelled, postponed, all-day and Berlin talks)."""
    tmp = tmp_path_factory.mktemp("splice")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
        made = SphinxTestApp(
            "html", srcdir=copy_root("feeds", tmp), builddir=tmp / "out", status=StringIO(), warning=StringIO()
        )
        try:
            made.build()
            yield made
        finally:
            made.cleanup()


def record(monkeypatch: pytest.MonkeyPatch, module: ModuleType, name: str) -> list[Any]:
    """Replace ``module.name`` by a subclass that lists its instances; the list is returned."""
    made: list[Any] = []

    class Recorded(getattr(module, name)):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(module, name, Recorded)
    return made


def test_every_calendar_equals_icalendar_output(app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch) -> None:
    site, links, title = domain_of(app.env).site, links_of(app.builder), app.config.project
    components = calendar.Components(site, links)
    made = record(monkeypatch, icalendar, "Calendar")
    for path, held in calendar_files(site, title).items():
        made.clear()
        written = calendar.calendar(components, path, held.name, held.about, held.talks, title)
        [cal] = made  # the calendar the extension made: its own properties, no components
        for entry in held.talks:
            cal.add_component(calendar.vevent(site, links, entry))
        if held.talks:  # the zones the events name, sorted by TZID, before the events
            years = [entry.talk.date.year for entry in held.talks]
            first, last = dt.date(min(years), 1, 1), dt.date(max(years) + 1, 1, 1)
            zones = [Timezone.from_tzid(t, first_date=first, last_date=last) for t in sorted(cal.get_missing_tzids())]
            cal.subcomponents[:0] = zones
        assert written == cal.to_ical(), path


def test_every_feed_equals_feedgen_output(app: SphinxTestApp, monkeypatch: pytest.MonkeyPatch) -> None:
    site, links, title = domain_of(app.env).site, links_of(app.builder), app.config.project
    generators = record(monkeypatch, feedgen.feed, "FeedGenerator")
    entries = record(monkeypatch, feedgen.entry, "FeedEntry")
    for path, f in feed_files(site, title, app.config.root_doc).items():
        generators.clear()
        entries.clear()
        written = feeds.feed(site, links, path, f.title, f.subtitle, f.page, f.talks, title)
        [fg] = generators  # the feed the extension made, and its entries in the order it wrote them
        assert len(entries) == len(f.talks), path
        for fe in entries:
            fg.add_entry(fe, order="append")
        assert written == fg.atom_str(pretty=True), path
