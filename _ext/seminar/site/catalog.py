"""Everything the site makes beyond its source pages: calendar files, Atom feeds and generated pages.

Each is listed here with what it holds, from the :class:`~seminar.site.indexes.Site` alone, so the
incremental planner can digest what a file or page shows and the writers can make it, without
either importing the other.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass

from .entries import SeriesEntry, TalkEntry
from .indexes import Site, Tag
from .speakers import SpeakerInfo
from .urls import series_atom, series_ics, speaker_ics, talk_ics, topic_atom, topic_ics

FILE_BUILDERS = frozenset({"html", "dirhtml"})
"""The builders that make the site's files (calendars, feeds, ``talks.json``) and page metadata."""
SITE_CALENDAR = "calendar.ics"
"""Every talk of the seminar as one calendar."""
SITE_FEED = "atom.xml"
"""Every talk of the seminar as one Atom feed."""


@dataclass(frozen=True)
class CalendarFile:
    """One ``.ics`` file: its calendar name, its description and its talks."""

    name: str
    about: str
    talks: Sequence[TalkEntry]


@dataclass(frozen=True)
class FeedFile:
    """One Atom feed: its title and subtitle, the document it is the feed of, and its talks."""

    title: str
    subtitle: str
    page: str
    talks: Sequence[TalkEntry]


def _series_about(series: SeriesEntry) -> str:
    term = series.series.term
    return f"Talks of the {series.series.title}" + (f" ({term})" if term else "")


def calendar_files(site: Site, title: str) -> dict[str, CalendarFile]:
    """Every calendar of the site by path: all talks, each series', each topic's, each speaker's and each talk's.

    A topic has a calendar (and a feed) only with a vocabulary: free-form tags have pages alone.
    """
    files = {SITE_CALENDAR: CalendarFile(title, f"Every talk of the {title}", site.talks)}
    for series_id, series in sorted(site.series_by_id.items()):
        files[series_ics(series_id)] = CalendarFile(
            series.series.title, _series_about(series), site.by_series.get(series_id, [])
        )
    for tag in topics(site):
        files[topic_ics(tag.id)] = CalendarFile(f"{tag.label} – {title}", _topic_about(tag, title), tag.talks)
    for info in site.speakers.values():
        files[speaker_ics(info.id)] = CalendarFile(f"{info.name} – {title}", f"Talks by {info.name}", info.talks)
    for entry in site.talks:
        files[talk_ics(entry)] = CalendarFile(entry.talk.title, f"A talk of the {title}", [entry])
    return files


def feed_files(site: Site, title: str, root_doc: str) -> dict[str, FeedFile]:
    """Every Atom feed of the site by path: all talks (the feed of the home page), each series' and each topic's."""
    files = {SITE_FEED: FeedFile(title, f"Every talk of the {title}", root_doc, site.talks)}
    for series_id, series in sorted(site.series_by_id.items()):
        talks = site.by_series.get(series_id, [])
        files[series_atom(series_id)] = FeedFile(series.series.title, _series_about(series), series.docname, talks)
    for tag in topics(site):
        files[topic_atom(tag.id)] = FeedFile(f"{tag.label} – {title}", _topic_about(tag, title), tag.docname, tag.talks)
    return files


def topics(site: Site) -> list[Tag]:
    """The topics of the site's vocabulary (each with a feed and a calendar); none without one."""
    return list(site.tags.values()) if site.vocabulary is not None else []


def _topic_about(tag: Tag, title: str) -> str:
    return f"Talks of the {title} on {tag.label}: {tag.description}"


@dataclass(frozen=True)
class GeneratedPage:
    """A page the extension makes with no source file: its name, title, kind and what it is about."""

    name: str
    title: str
    kind: str  # speaker | speakers | talks | tag | tags
    speaker: SpeakerInfo | None = None  # of a speaker page
    tag: Tag | None = None  # of a tag page


def generated_pages(site: Site, documents: Set[str]) -> dict[str, GeneratedPage]:
    """Every generated page by name: one per speaker without a hand-written page, the indexes, one per tag."""
    pages = [
        GeneratedPage(info.docname, info.name, "speaker", speaker=info)
        for info in site.sorted_speakers()
        if info.docname not in documents
    ]
    pages.append(GeneratedPage("speakers/index", "Speakers", "speakers"))
    pages.append(GeneratedPage("talks/index", "All talks", "talks"))
    if site.vocabulary is not None:  # every topic has a page, also before its first talk
        pages += [GeneratedPage(tag.docname, tag.label, "tag", tag=tag) for tag in site.tags.values()]
        pages.append(GeneratedPage("tags/index", "Topics", "tags"))
    elif site.tags:
        pages += [
            GeneratedPage(tag.docname, f"Talks tagged “{tag.label}”", "tag", tag=tag) for tag in site.tags.values()
        ]
        pages.append(GeneratedPage("tags/index", "Tags", "tags"))
    return {page.name: page for page in pages}
