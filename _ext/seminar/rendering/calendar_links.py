"""The calendar links of pages: "Add to calendar", "Follow the series" and "Subscribe to all talks".

A talk offers its own ``.ics``, a Google Calendar link (times in UTC) and, when the site knows its
public URL, a ``webcal://`` subscription to its series; a series offers the subscription (webcal
and Google), its ``.ics`` and its Atom feed; the home page and the listing pages offer the same
for the whole seminar (``calendar.ics`` and ``atom.xml``).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from docutils import nodes

from ..site.catalog import SITE_CALENDAR, SITE_FEED
from ..site.entries import SeriesEntry, TalkEntry
from ..site.indexes import Site, Tag
from ..site.texts import EVENT_SPEAKERS, event_summary, speakers_line
from ..site.urls import Links, file_url, series_atom, series_ics, talk_ics, topic_atom, topic_ics
from .renderer import Renderer

GOOGLE_EVENT = "https://calendar.google.com/calendar/render"


def google_url(site: Site, links: Links, entry: TalkEntry) -> str:
    """A Google Calendar link that adds the talk (times in UTC, so no zone can be misread)."""
    moment = site.when(entry)
    if moment.start and moment.end:
        dates = f"{moment.start.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}/{moment.end.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    else:
        dates = f"{moment.date:%Y%m%d}/{moment.date + dt.timedelta(days=1):%Y%m%d}"
    page = links.absolute(links.page(entry.docname))
    details = "\n".join(line for line in (speakers_line(entry, EVENT_SPEAKERS), page, entry.talk.livestream) if line)
    query = {
        "action": "TEMPLATE",
        "text": event_summary(entry, site.config.short_name),
        "dates": dates,
        "ctz": moment.timezone,
        "details": details,
    }
    if entry.talk.livestream:
        query["location"] = entry.talk.livestream
    return f"{GOOGLE_EVENT}?{urlencode(query)}"


def webcal(url: str) -> str:
    """The ``webcal://`` form of an http(s) URL: calendar apps subscribe instead of importing."""
    return "webcal://" + url.split("://", 1)[1]


def _line(label: str, links: list[nodes.Node]) -> nodes.paragraph:
    line = nodes.paragraph(classes=["seminar-calendar"])
    line += nodes.strong(label, label)
    for index, link in enumerate(links):
        line += nodes.Text(" " if index == 0 else " · ")
        line += link
    return line


def _subscribe(links: Links, path: str, label: str = "Subscribe") -> list[nodes.Node]:
    url = links.absolute(file_url(path))
    if url is None:
        return []  # subscriptions need the public URL (html_baseurl)
    google = f"{GOOGLE_EVENT}?{urlencode({'cid': webcal(url)})}"
    return [
        nodes.reference(label, label, refuri=webcal(url), classes=["seminar-webcal"]),
        nodes.reference("Google Calendar", "Google Calendar", refuri=google, classes=["seminar-google-subscribe"]),
    ]


def talk_calendar_links(r: Renderer, entry: TalkEntry) -> nodes.paragraph:
    """The "Add to calendar" line: the talk's .ics, a Google Calendar link, and the series subscription."""
    links = r.links
    items: list[nodes.Node] = [r.file_link("Download .ics", talk_ics(entry), ["seminar-ics"])]
    if entry.talk.status == "scheduled":  # a cancelled or postponed talk has no date to add
        google = google_url(r.site, links, entry)
        items.append(nodes.reference("Google Calendar", "Google Calendar", refuri=google, classes=["seminar-google"]))
    url = links.absolute(file_url(series_ics(entry.talk.series))) if r.site.series_of(entry) else None
    if url is not None:
        text = "Subscribe to the series"
        items.append(nodes.reference(text, text, refuri=webcal(url), classes=["seminar-webcal"]))
    return _line("Add to calendar:", items)


def series_calendar_links(r: Renderer, entry: SeriesEntry) -> nodes.paragraph:
    """The "Follow the series" line: calendar subscription (webcal, Google), the .ics file and the Atom feed."""
    links = r.links
    items = _subscribe(links, series_ics(entry.id))
    items.append(r.file_link("Download .ics", series_ics(entry.id), ["seminar-ics"]))
    items.append(r.file_link("Atom feed", series_atom(entry.id), ["seminar-atom"]))
    return _line("Follow the series:", items)


def topic_calendar_links(r: Renderer, tag: Tag) -> nodes.paragraph:
    """The "Follow the topic" line of a topic's page: calendar subscription, the .ics file and the Atom feed."""
    items = _subscribe(r.links, topic_ics(tag.id))
    items.append(r.file_link("Download .ics", topic_ics(tag.id), ["seminar-ics"]))
    items.append(r.file_link("Atom feed", topic_atom(tag.id), ["seminar-atom"]))
    return _line("Follow the topic:", items)


def site_calendar_links(r: Renderer) -> nodes.paragraph:
    """The "Subscribe to all talks" line: the seminar's calendar (webcal, Google, else the .ics) and its Atom feed.

    On the home page and every page that lists talks, so a visitor can follow the whole seminar,
    not only one series, which may have ended.
    """
    items = _subscribe(r.links, SITE_CALENDAR, "Calendar app")
    if not items:  # no public URL to subscribe to: the file itself still imports every talk
        items = [r.file_link("Calendar (.ics)", SITE_CALENDAR, ["seminar-ics"])]
    items.append(r.file_link("Atom feed", SITE_FEED, ["seminar-atom"]))
    line = _line("Subscribe to all talks:", items)
    line["classes"].append("seminar-subscribe-all")
    return line
