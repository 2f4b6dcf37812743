"""iCalendar files (RFC 5545 with the RFC 7986 properties) and the "Add to calendar" links.

``calendar.ics`` holds every talk; ``series/<id>.ics``, ``speakers/<id>.ics`` and
``talks/<YYYY>/<slug>.ics`` hold a series', a speaker's and one talk's.  They are made with
``icalendar`` at ``build-finished`` of the html and dirhtml builders, and are deterministic:

- ``UID`` is the talk's front-matter ``uid``, else a UUID5 of its slug (:func:`export.talk_uid`).
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
from urllib.parse import urlencode

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from .domain import SeriesEntry, TalkEntry
from .export import (
    FILE_BUILDERS,
    Links,
    series_atom,
    series_ics,
    speaker_ics,
    stable_uuid,
    talk_ics,
    talk_uid,
    write_outputs,
)
from .pieces import PieceCache
from .reader import domain_of
from .site import Site, site_of

if TYPE_CHECKING:  # icalendar is imported where calendars are made: most rebuilds make none
    from icalendar import Event

    from .render import Renderer

REFRESH_INTERVAL = dt.timedelta(hours=12)
_STATUS = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED", "postponed": "TENTATIVE"}  # icalendar's STATUS
_LINKS = (("livestream", "Livestream"), ("recording", "Recording"), ("slides", "Slides"))
_PREFIX = {"scheduled": "", "cancelled": "Cancelled: ", "postponed": "Postponed: "}
GOOGLE_EVENT = "https://calendar.google.com/calendar/render"


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


def summary(entry: TalkEntry) -> str:
    """The event title: the talk's, marked when cancelled or postponed."""
    return _PREFIX[entry.talk.status] + entry.talk.title


def speakers_line(entry: TalkEntry) -> str:
    """``Tri Dao (Stanford) and Dan Fu``."""
    names = [f"{s.name} ({s.affiliation})" if s.affiliation else s.name for s in entry.talk.speakers]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def description(site: Site, links: Links, entry: TalkEntry) -> str:
    """The event description: speakers, series, the abstract and the talk's links."""
    parts = [speakers_line(entry)]
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


def event(site: Site, links: Links, entry: TalkEntry) -> Event:
    """The ``VEVENT`` of one talk."""
    from icalendar import Conference, Event
    from icalendar.enums import STATUS

    moment = site.when(entry)
    talk = entry.talk
    start: dt.date | dt.datetime = moment.start or moment.date
    end: dt.date | dt.datetime = moment.end or moment.date + dt.timedelta(days=1)
    changed = stamp(site, entry)
    conferences = [Conference(talk.livestream, feature=["VIDEO"], label="Livestream")] if talk.livestream else None
    return Event.new(
        uid=talk_uid(entry),
        summary=summary(entry),
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
        categories=tuple(talk.tags),
    )


_END = b"END:VCALENDAR\r\n"


class Components:
    """Each talk's ``VEVENT`` and each ``VTIMEZONE``, serialized once for every calendar that holds them.

    A talk is in four calendars or more (the site's, its series', its speakers' and its own);
    building and folding its event anew for each was most of the cost of the calendars.  Given
    the digest of each talk's event inputs and the events of the last build (a
    :class:`~seminar.pieces.PieceCache`), an event whose inputs did not change is taken from
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
                component = event(self.site, self.links, entry)
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
        source=components.links.absolute(path),
    )
    cal["X-PUBLISHED-TTL"] = cal["REFRESH-INTERVAL"]  # Outlook's name for the refresh interval
    zones = sorted({site.when(entry).timezone for entry in talks if site.when(entry).start})
    if len(zones) == 1:
        cal["X-WR-TIMEZONE"] = zones[0]
    head = cal.to_ical()
    assert head.endswith(_END)
    events = [components.event(entry) for entry in talks]
    parts = [head[: -len(_END)]]
    if talks:
        years = [entry.talk.date.year for entry in talks]
        first, last = dt.date(min(years), 1, 1), dt.date(max(years) + 1, 1, 1)
        used = set().union(*(tzids for _, tzids in events))
        parts += [components.zone(tzid, first, last) for tzid in sorted(used)]
    parts += [data for data, _ in events]
    parts.append(_END)
    return b"".join(parts)


def calendar_files(site: Site, title: str) -> dict[str, tuple[str, str, Sequence[TalkEntry]]]:
    """What each calendar file of the site holds: ``path -> (name, description, talks)``."""
    files: dict[str, tuple[str, str, Sequence[TalkEntry]]] = {
        "calendar.ics": (title, f"Every talk of the {title}", site.talks)
    }
    for series_id, series in sorted(site.series_by_id.items()):
        about = f"Talks of the {series.series.title}" + (f" ({series.series.term})" if series.series.term else "")
        files[series_ics(series_id)] = (series.series.title, about, site.by_series.get(series_id, []))
    for info in site.speakers.values():
        files[speaker_ics(info.id)] = (f"{info.name} – {title}", f"Talks by {info.name}", info.talks)
    for entry in site.talks:
        files[talk_ics(entry)] = (entry.talk.title, f"A talk of the {title}", [entry])
    return files


def calendars(
    site: Site, links: Links, title: str, only: Set[str] | None = None, components: Components | None = None
) -> dict[str, bytes]:
    """The calendar files of the site (those in ``only``, when given), by path."""
    components = components or Components(site, links)
    return {
        path: calendar(components, path, name, about, talks, title)
        for path, (name, about, talks) in calendar_files(site, title).items()
        if only is None or path in only
    }


def _on_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    """Find the calendar files whose content changes in this build (saved with the environment).

    A calendar costs its talks' events, and ``calendars`` holds each talk four times (the site's,
    its series', its speakers' and its own), so rebuilding them all after a one-talk edit would
    cost as much as a full build of them.  Each file's inputs are digested instead, as for pages.
    """
    from .fingerprints import Inputs, digest
    from .incremental import body_edit_only, outputs_unchanged

    domain = domain_of(env)
    if app.builder.name not in FILE_BUILDERS or outputs_unchanged(app):
        domain.calendars_to_write = set()  # type: ignore[attr-defined]
        return
    site = site_of(env)
    inputs = Inputs(site, app.builder)
    salt = (app.builder.name, Links.of(app.builder).base, app.config.project)

    def inputs_of(entry: TalkEntry) -> str:
        return digest((*salt, inputs.talk(entry), entry.abstract_text()))

    before: dict[str, str] = domain.data.get("events", {})
    read = body_edit_only(app)
    if read is not None and before:  # only abstracts changed: the other talks' events are as they were
        events = dict(before)
        events.update({d: inputs_of(site.by_docname[d]) for d in read if d in site.by_docname})
    else:
        events = {t.docname: inputs_of(t) for t in site.talks}
    domain.data["events"] = domain.event_digests = events  # type: ignore[attr-defined]
    changed_talks = {docname for docname, value in events.items() if before.get(docname) != value}

    old: dict[str, str] = domain.data.get("calendars", {})
    new: dict[str, str] = {}
    for path, (name, about, talks) in calendar_files(site, str(app.config.project)).items():
        if read is not None and path in old and not any(t.docname in changed_talks for t in talks):
            new[path] = old[path]
        else:
            new[path] = digest((*salt, name, about, *(events[t.docname] for t in talks)))
    domain.data["calendars"] = new
    domain.calendars_to_write = {path for path, value in new.items() if old.get(path) != value}  # type: ignore[attr-defined]


# -- "Add to calendar" ---------------------------------------------------------------------------
def google_url(site: Site, links: Links, entry: TalkEntry) -> str:
    """A Google Calendar link that adds the talk (times in UTC, so no zone can be misread)."""
    moment = site.when(entry)
    if moment.start and moment.end:
        dates = f"{moment.start.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}/{moment.end.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    else:
        dates = f"{moment.date:%Y%m%d}/{moment.date + dt.timedelta(days=1):%Y%m%d}"
    page = links.absolute(links.page(entry.docname))
    details = "\n".join(line for line in (speakers_line(entry), page, entry.talk.livestream) if line)
    query = {"action": "TEMPLATE", "text": summary(entry), "dates": dates, "ctz": moment.timezone, "details": details}
    if entry.talk.livestream:
        query["location"] = entry.talk.livestream
    return f"{GOOGLE_EVENT}?{urlencode(query)}"


def webcal(url: str) -> str:
    """The ``webcal://`` form of an http(s) URL: calendar apps subscribe instead of importing."""
    return "webcal://" + url.split("://", 1)[1]


def _file_link(r: Renderer, text: str, path: str, cls: str) -> nodes.reference:
    uri = relative_uri(r.builder.get_target_uri(r.docname), path)
    return nodes.reference(text, text, internal=True, refuri=uri, classes=[cls])


def _line(label: str, links: list[nodes.Node]) -> nodes.paragraph:
    line = nodes.paragraph(classes=["seminar-calendar"])
    line += nodes.strong(label, label)
    for index, link in enumerate(links):
        line += nodes.Text(" " if index == 0 else " · ")
        line += link
    return line


def _subscribe(links: Links, path: str) -> list[nodes.Node]:
    url = links.absolute(path)
    if url is None:
        return []  # subscriptions need the public URL (html_baseurl)
    google = f"{GOOGLE_EVENT}?{urlencode({'cid': webcal(url)})}"
    return [
        nodes.reference("Subscribe", "Subscribe", refuri=webcal(url), classes=["seminar-webcal"]),
        nodes.reference("Google Calendar", "Google Calendar", refuri=google, classes=["seminar-google-subscribe"]),
    ]


def talk_calendar_links(r: Renderer, entry: TalkEntry) -> nodes.paragraph:
    """The "Add to calendar" line: the talk's .ics, a Google Calendar link, and the series subscription."""
    links = Links.of(r.builder)
    items: list[nodes.Node] = [_file_link(r, "Download .ics", talk_ics(entry), "seminar-ics")]
    if entry.talk.status == "scheduled":  # a cancelled or postponed talk has no date to add
        google = google_url(r.site, links, entry)
        items.append(nodes.reference("Google Calendar", "Google Calendar", refuri=google, classes=["seminar-google"]))
    url = links.absolute(series_ics(entry.talk.series)) if r.site.series_of(entry) else None
    if url is not None:
        text = "Subscribe to the series"
        items.append(nodes.reference(text, text, refuri=webcal(url), classes=["seminar-webcal"]))
    return _line("Add to calendar:", items)


def series_calendar_links(r: Renderer, entry: SeriesEntry) -> nodes.paragraph:
    """The "Follow the series" line: calendar subscription (webcal, Google), the .ics file and the Atom feed."""
    links = Links.of(r.builder)
    items = _subscribe(links, series_ics(entry.id))
    items.append(_file_link(r, "Download .ics", series_ics(entry.id), "seminar-ics"))
    items.append(_file_link(r, "Atom feed", series_atom(entry.id), "seminar-atom"))
    return _line("Follow the series:", items)


def write_calendars(app: Sphinx) -> None:
    """Write the calendar files that changed (or are missing) and delete stale ones (see :mod:`seminar.sitefiles`)."""
    import icalendar

    from .incremental import outputs_unchanged

    outdir = Path(app.outdir)
    if outputs_unchanged(app) and (outdir / "calendar.ics").is_file():
        return  # a build that changed nothing they show: skip even listing and checking the files
    site = site_of(app.env)
    paths = set(calendar_files(site, app.config.project))
    domain = domain_of(app.env)
    changed: set[str] = getattr(domain, "calendars_to_write", paths)
    wanted = {path for path in paths if path in changed or not os.path.isfile(os.path.join(outdir, path))}
    digests: dict[str, str] = getattr(domain, "event_digests", None) or {}
    cache: PieceCache[tuple[bytes, set[str]]] = PieceCache(app, "vevents", icalendar.__version__)
    components = Components(site, Links.of(app.builder), digests, cache)
    files = calendars(site, Links.of(app.builder), app.config.project, wanted, components)
    stale = ["calendar.ics", "talks/**/*.ics", "series/*.ics", "speakers/*.ics"]
    write_outputs(outdir, files, stale=stale, keep=paths)
    cache.save(live=digests.values())


def setup_calendar(app: Sphinx) -> None:
    """Find the calendars a build changes (:mod:`seminar.sitefiles` writes them)."""
    app.connect("env-updated", _on_env_updated, priority=600)  # after seminar.incremental's
