"""iCalendar files (RFC 5545 with the RFC 7986 properties).

``calendar.ics`` holds every talk; ``series/<id>.ics``, ``speakers/<id>.ics`` and
``talks/<YYYY>/<slug>.ics`` hold a series', a speaker's and one talk's.  They are made with
``icalendar`` for the html and dirhtml builders (:mod:`seminar.outputs.sitefiles` says when), and
are deterministic:

- ``UID`` is the talk's front-matter ``uid``, else a UUID5 of its slug; unique (:func:`seminar.site.urls.assign_uids`).
- ``DTSTAMP`` and ``LAST-MODIFIED`` are :func:`stamp`: the talk's start in UTC, a moment the
  sources fix (a build time or a file's mtime would change on every build or clone).
- ``SEQUENCE`` is 0, and 1 once a talk is cancelled or postponed: the one revision the sources
  record.  The calendars carry no ``METHOD``, so subscribed clients replace events on refresh.
- Times carry a ``TZID`` with its ``VTIMEZONE``, never floating; a talk with no time is all-day.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from collections.abc import Sequence, Set
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.application import Sphinx

from ..domain.config import links_of
from ..domain.domain import domain_of
from ..domain.state import build_state
from ..incremental.pieces import PieceCache
from ..site.catalog import calendar_files
from ..site.entries import TalkEntry
from ..site.indexes import Site
from ..site.texts import EVENT_SPEAKERS, event_summary, speakers_line
from ..site.urls import Links, file_url, stable_uuid
from .files import write_outputs

if TYPE_CHECKING:  # icalendar is imported where calendars are made (a heavy import): most rebuilds make none
    from icalendar import Event

REFRESH_INTERVAL = dt.timedelta(hours=12)
_STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}  # icalendar's STATUS
_LINKS = (("livestream", "Livestream"), ("recording", "Recording"), ("slides", "Slides"))


def stamp(site: Site, entry: TalkEntry) -> dt.datetime:
    """When a talk last changed, as the sources tell it deterministically: its start, in UTC.

    A build must not stamp the build time (stamps would change on every rebuild), and git history
    is not there on every build; the start is what a calendar shows first.  An all-day talk starts
    at midnight in its zone.
    """
    moment = site.when(entry)
    start = moment.start or dt.datetime.combine(moment.date, dt.time(), zoneinfo.ZoneInfo(moment.timezone))
    return start.astimezone(dt.UTC)


def sequence(entry: TalkEntry) -> int:
    """The talk's revision number: 0 as announced, 1 once cancelled or postponed."""
    return 0 if entry.talk.status == "scheduled" else 1


def description(site: Site, links: Links, entry: TalkEntry) -> str:
    """The event description: speakers, series, the abstract and the talk's links."""
    parts = [speakers_line(entry, EVENT_SPEAKERS)]
    series = site.series_of(entry)
    if series is not None:
        parts[0] += f"\n{series.series.title}"
    if entry.abstract_text():
        parts.append(entry.abstract_text())
    urls = [("Talk page", links.absolute(links.page(entry.docname)))]
    urls += [(label, getattr(entry.talk, key)) for key, label in _LINKS]
    lines = [f"{label}: {url}" for label, url in urls if url]
    if lines:
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def vevent(site: Site, links: Links, entry: TalkEntry) -> Event:
    """The ``VEVENT`` of one talk."""
    from icalendar import Conference, Event
    from icalendar.enums import STATUS

    moment = site.when(entry)
    talk = entry.talk
    start: dt.date | dt.datetime = moment.start or moment.date
    end: dt.date | dt.datetime = moment.end or moment.date + dt.timedelta(days=1)
    if moment.ambiguous and moment.start and moment.end:
        # A local time that happens twice (the night the clocks go back) is read as the first
        # (RFC 5545): the hour after it is only told apart in UTC.
        start, end = moment.start.astimezone(dt.UTC), moment.end.astimezone(dt.UTC)
    changed = stamp(site, entry)
    conferences = [Conference(talk.livestream, feature=["VIDEO"], label="Livestream")] if talk.livestream else None
    return Event.new(
        uid=site.uid(entry),
        summary=event_summary(entry, site.config.short_name),
        start=start,
        end=end,
        stamp=changed,
        last_modified=changed,
        sequence=sequence(entry),
        status=STATUS(_STATUS[talk.status]),
        description=description(site, links, entry),
        location=talk.livestream or "Online",
        url=links.absolute(links.page(entry.docname)),
        conferences=conferences,
        categories=tuple(label for label, _id in site.tag_pairs[entry.docname]),  # topic labels
    )


_END = b"END:VCALENDAR\r\n"


class Components:
    """Each talk's ``VEVENT`` and each ``VTIMEZONE``, serialized once for every calendar that holds them.

    A talk is in four calendars or more (the site's, its series', its speakers' and its own);
    building and folding its event anew for each was most of the cost of the calendars.  Given
    the digest of each talk's event inputs and the events of the last build (a
    :class:`~seminar.incremental.pieces.PieceCache`), an event whose inputs did not change is taken from
    there: after a one-talk edit, ``calendar.ics`` still holds every talk, but only one is
    serialized.
    """

    def __init__(
        self,
        site: Site,
        links: Links,
        digests: dict[str, str] | None = None,
        cache: PieceCache[tuple[bytes, set[str]]] | None = None,
    ) -> None:
        self.site = site
        self.links = links
        self.digests = digests or {}
        self.cache = cache
        self._events: dict[str, tuple[bytes, set[str]]] = {}
        self._zones: dict[tuple[str, dt.date, dt.date], bytes] = {}

    def event(self, entry: TalkEntry) -> tuple[bytes, set[str]]:
        """The talk's serialized ``VEVENT`` and the time zones it names (as ``Calendar.get_used_tzids``)."""
        found = self._events.get(entry.docname)
        if found is None:

            def make() -> tuple[bytes, set[str]]:
                component = vevent(self.site, self.links, entry)
                tzids = {v.params.get("TZID") for _, v in component.property_items() if hasattr(v, "params")}
                return component.to_ical(), {t for t in tzids if t} - {"UTC"}

            key = self.digests.get(entry.docname)
            found = self.cache.get(key, make) if self.cache is not None else make()
            self._events[entry.docname] = found
        return found

    def zone(self, tzid: str, first: dt.date, last: dt.date) -> bytes:
        """The serialized ``VTIMEZONE`` of ``tzid`` between two dates (empty when icalendar cannot make it)."""
        key = (tzid, first, last)
        found = self._zones.get(key)
        if found is None:
            from icalendar import Timezone

            try:
                found = Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical()
            except ValueError:
                found = b""
            self._zones[key] = found
        return found


def calendar(components: Components, path: str, name: str, about: str, talks: Sequence[TalkEntry], title: str) -> bytes:
    """A calendar of ``talks`` to be published at ``path``, named ``name``, for the site ``title``.

    The calendar's own properties are serialized by icalendar; its ``VTIMEZONE`` and ``VEVENT``
    components, serialized once per build (:class:`Components`), follow them in the order
    ``Calendar.add_missing_timezones`` gives: the zones, then the events.
    """
    from icalendar import Calendar

    site = components.site
    cal = Calendar.new(
        prodid=f"-//{title}//Sphinx seminar extension//EN",
        uid=str(stable_uuid(f"{title}:{path}")),
        name=name,
        description=about,
        refresh_interval=REFRESH_INTERVAL,
        source=components.links.absolute(file_url(path)),
    )
    cal["X-PUBLISHED-TTL"] = cal["REFRESH-INTERVAL"]  # Outlook's name for the refresh interval
    timezones = sorted({site.when(entry).timezone for entry in talks if site.when(entry).start})
    if len(timezones) == 1:
        cal["X-WR-TIMEZONE"] = timezones[0]
    events = [components.event(entry) for entry in talks]
    zones: list[bytes] = []
    if talks:
        years = [entry.talk.date.year for entry in talks]
        first, last = dt.date(min(years), 1, 1), dt.date(max(years) + 1, 1, 1)
        used = set().union(*(tzids for _, tzids in events))
        zones = [components.zone(tzid, first, last) for tzid in sorted(used)]
    return splice(cal.to_ical(), [*zones, *(data for data, _ in events)])


def splice(head: bytes, components: Sequence[bytes]) -> bytes:
    """A serialized ``VCALENDAR`` with serialized ``components`` put before its ``END:VCALENDAR`` line.

    The same bytes as ``Calendar.to_ical()`` of the calendar holding those components
    (``tests/test_splice.py`` checks this), without serializing every event again for each
    calendar that holds it.
    """
    if not head.endswith(_END):
        raise ValueError("icalendar's serialization of a calendar no longer ends in END:VCALENDAR")
    return b"".join([head[: -len(_END)], *components, _END])


def calendars(
    site: Site, links: Links, title: str, only: Set[str] | None = None, components: Components | None = None
) -> dict[str, bytes]:
    """The calendar files of the site (those in ``only``, when given), by path."""
    components = components or Components(site, links)
    return {
        path: calendar(components, path, held.name, held.about, held.talks, title)
        for path, held in calendar_files(site, title).items()
        if only is None or path in only
    }


def write_calendars(app: Sphinx) -> None:
    """Write the calendar files that changed (or are missing) and delete stale ones (see :mod:`seminar.outputs.sitefiles`)."""
    import icalendar

    outdir = Path(app.outdir)
    plan = build_state(app.env).plan
    if plan.unchanged and (outdir / "calendar.ics").is_file():
        return  # a build that changed nothing they show: skip even listing and checking the files
    site = domain_of(app.env).site
    paths = set(calendar_files(site, app.config.project))
    changed = plan.calendars if plan.calendars is not None else paths
    wanted = {path for path in paths if path in changed or not os.path.isfile(os.path.join(outdir, path))}
    digests = plan.event_digests
    cache: PieceCache[tuple[bytes, set[str]]] = PieceCache(app, "vevents", icalendar.__version__)
    links = links_of(app.builder)
    components = Components(site, links, digests, cache)
    files = calendars(site, links, app.config.project, wanted, components)
    stale = ["calendar.ics", "talks/**/*.ics", "series/*.ics", "speakers/*.ics", "tags/*.ics"]
    write_outputs(outdir, files, stale=stale, keep=paths)
    cache.save(live=digests.values())
