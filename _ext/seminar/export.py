"""``talks.json``: every talk, speaker and series of the site as data, with its JSON Schema.

The shape is a pydantic model (:class:`TalksExport`), so the file is checked as it is made and
its schema is generated from the same classes (``schemas/talks.schema.json``, kept in sync by
``python -m seminar schema``, and written beside ``talks.json`` in the output).  The file is
deterministic: talks in date order, speakers and series by id, no build time anywhere.

This module also holds what every machine-readable output shares: a talk's stable calendar
:func:`talk_uid`, the site's public :func:`base_url`, page paths (:class:`Links`) and
:func:`write_outputs`, which writes only changed files and removes stale ones.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin

from pydantic import BaseModel, ConfigDict, Field
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config

from .domain import SeriesEntry, TalkEntry
from .reader import domain_of
from .site import Site, site_of
from .speakers import SpeakerInfo

# Fixed namespace of the UUIDs derived from talk slugs; changing it would change every UID.
NAMESPACE = uuid.UUID("3f0e4826-ed26-4d6f-901f-308abbfc2cb6")
FILE_BUILDERS = frozenset({"html", "dirhtml"})


def talk_uid(entry: TalkEntry) -> str:
    """The talk's calendar UID: its front-matter ``uid``, else a UUID5 of its slug (no host name)."""
    return entry.talk.uid or str(uuid.uuid5(NAMESPACE, entry.slug))


def stable_uuid(key: str) -> uuid.UUID:
    """``key`` if it is a UUID, else a UUID5 of it: the same key always gives the same UUID."""
    try:
        return uuid.UUID(key)
    except ValueError:
        return uuid.uuid5(NAMESPACE, key)


def urn(key: str) -> str:
    """A stable ``urn:uuid:`` IRI for ``key`` (see :func:`stable_uuid`)."""
    return stable_uuid(key).urn


def base_url(config: Config) -> str:
    """The public URL of the site root (``html_baseurl``, else ``seminar_site_url``), ending in ``/``; or ``""``."""
    base = str(config.html_baseurl or config.seminar_site_url or "")
    return base if not base or base.endswith("/") else base + "/"


def excerpt(text: str, limit: int = 200) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


@dataclass(frozen=True)
class Links:
    """Where outputs live: paths relative to the output root, and absolute URLs when the base is known."""

    builder: Builder
    base: str

    @classmethod
    def of(cls, builder: Builder) -> Links:
        """The links of ``builder``'s build."""
        return cls(builder, base_url(builder.config))

    def page(self, docname: str) -> str:
        """The path of a page (``talks/2023/x.html``; ``talks/2023/x/`` with dirhtml)."""
        return self.builder.get_target_uri(docname)

    def absolute(self, path: str) -> str | None:
        """The public URL of ``path``, or ``None`` when no base URL is configured."""
        return urljoin(self.base, path) if self.base else None

    def url(self, path: str) -> str:
        """The public URL of ``path`` when known, else ``path`` itself (relative to the site root)."""
        return self.absolute(path) or path


def talk_ics(entry: TalkEntry) -> str:
    """Path of a talk's own calendar."""
    return f"{entry.docname}.ics"


def series_ics(series_id: str) -> str:
    """Path of a series' calendar."""
    return f"series/{series_id}.ics"


def speaker_ics(speaker_id: str) -> str:
    """Path of a speaker's calendar."""
    return f"speakers/{speaker_id}.ics"


def series_atom(series_id: str) -> str:
    """Path of a series' Atom feed."""
    return f"series/{series_id}.atom.xml"


def write_outputs(
    outdir: Path, files: Mapping[str, bytes], stale: Iterable[str] = (), keep: Set[str] = frozenset()
) -> None:
    """Write ``files`` (path -> bytes) below ``outdir``, leaving unchanged files untouched.

    Files matching a ``stale`` pattern that this build did not produce (a removed talk's calendar)
    are deleted, so incremental builds equal clean ones; ``keep`` names files the build still
    has but did not need to produce again.
    """
    for path, data in files.items():
        target = outdir / path
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for pattern in stale:
        for rel in existing(outdir, pattern):
            if rel not in files and rel not in keep:
                (outdir / rel).unlink()


def existing(outdir: Path, pattern: str) -> Iterator[str]:
    """The files below ``outdir`` that match ``pattern``, as ``/``-separated relative paths.

    ``*`` matches within a folder; a pattern with ``**`` also looks in the folders below its
    first wildcard.  (``os.walk`` and string matching: ``Path.glob`` made the calendars' check
    for stale files a tenth of a one-talk rebuild at 1,000 talks.)
    """
    folder = pattern.split("*", 1)[0].rpartition("/")[0]
    for root, _dirs, names in os.walk(outdir / folder):
        prefix = Path(root).relative_to(outdir).as_posix() + "/"
        for name in names:
            rel = name if prefix == "./" else prefix + name
            if fnmatch.fnmatchcase(rel, pattern):
                yield rel
        if "**" not in pattern:
            break


# -- the talks.json model ----------------------------------------------------------------------
class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class TalkSpeaker(_Out):
    """A speaker as given in one talk."""

    id: str = Field(description="Speaker id (their page is speakers/<id>).")
    name: str
    affiliation: str | None = Field(description="Affiliation at the time of this talk.")
    bio: str | None = Field(description="The bio given with this talk, as plain text.")


class TalkOut(_Out):
    """One talk."""

    slug: str = Field(description="The page's file name, unique across the site.")
    uid: str = Field(description="Stable calendar UID (front-matter uid, else a UUID5 of the slug).")
    title: str
    status: Literal["scheduled", "cancelled", "postponed"]
    date: dt.date
    start: dt.datetime | None = Field(description="Start with UTC offset; null for an all-day talk.")
    end: dt.datetime | None = Field(description="End with UTC offset; null for an all-day talk.")
    timezone: str = Field(description="IANA time zone the talk is announced in.")
    duration: int | None = Field(description="Length in minutes; null for an all-day talk.")
    series: str = Field(description="Series id.")
    speakers: list[TalkSpeaker]
    abstract: str = Field(description="The abstract as plain text (paragraphs separated by blank lines).")
    tags: list[str]
    recording: str | None
    livestream: str | None
    slides: str | None
    path: str = Field(description="The talk page, relative to the site root.")
    url: str | None = Field(description="The talk page's public URL (null when the site has no base URL).")
    ics: str = Field(description="The talk's iCalendar file, relative to the site root.")


class Affiliation(_Out):
    """One affiliation of a speaker, with the dates of the first and last talk given under it."""

    name: str
    first: dt.date
    last: dt.date


class SpeakerOut(_Out):
    """One speaker, across all their talks."""

    id: str
    name: str
    affiliations: list[Affiliation] = Field(description="Oldest first.")
    talks: list[str] = Field(description="Slugs of their talks, in date order.")
    bio: str | None = Field(description="Their newest bio, as plain text.")
    homepage: str | None
    pronouns: str | None
    path: str
    url: str | None
    ics: str


class CourseOut(_Out):
    """A course a series runs with."""

    name: str
    url: str | None


class BreakOut(_Out):
    """A week without a talk."""

    date: dt.date
    label: str


class SeriesOut(_Out):
    """One series."""

    id: str
    title: str
    term: str | None
    timezone: str
    time: str | None = Field(description='Default start time, "HH:MM".')
    duration: int | None = Field(description="Default length in minutes.")
    schedule: str | None
    courses: list[CourseOut]
    hosts: list[str]
    breaks: list[BreakOut]
    talks: list[str] = Field(description="Slugs of its talks, in date order.")
    path: str
    url: str | None
    ics: str
    atom: str


class TalksExport(_Out):
    """``talks.json``: every talk, speaker and series of the site."""

    version: Literal[1] = Field(description="Version of this format.")
    title: str = Field(description="The site's title.")
    url: str | None = Field(description="The site's public URL.")
    talks: list[TalkOut] = Field(description="In date order.")
    speakers: list[SpeakerOut] = Field(description="By id.")
    series: list[SeriesOut] = Field(description="By id.")


def _talk(site: Site, links: Links, entry: TalkEntry) -> TalkOut:
    moment = site.when(entry)
    talk = entry.talk
    minutes = int((moment.end - moment.start).total_seconds() // 60) if moment.start and moment.end else None
    speakers = [
        TalkSpeaker(id=s.speaker_id, name=s.name, affiliation=s.affiliation, bio=entry.bio_text(s.speaker_id) or None)
        for s in talk.speakers
    ]
    path = links.page(entry.docname)
    return TalkOut(
        slug=entry.slug,
        uid=talk_uid(entry),
        title=talk.title,
        status=talk.status,
        date=talk.date,
        start=moment.start,
        end=moment.end,
        timezone=moment.timezone,
        duration=minutes,
        series=talk.series,
        speakers=speakers,
        abstract=entry.abstract_text(),
        tags=list(talk.tags),
        recording=talk.recording,
        livestream=talk.livestream,
        slides=talk.slides,
        path=path,
        url=links.absolute(path),
        ics=talk_ics(entry),
    )


def _speaker(links: Links, info: SpeakerInfo) -> SpeakerOut:
    # The latest talk's bio that is not empty; lazily, as turning bio nodes into text is most of
    # the cost of talks.json.
    bios = (entry.bio_text(info.id) for entry in reversed(info.talks))
    extra = info.page.page if info.page else None
    path = links.page(info.docname)
    return SpeakerOut(
        id=info.id,
        name=info.name,
        affiliations=[Affiliation(name=a.name, first=a.first, last=a.last) for a in info.affiliations()],
        talks=[entry.slug for entry in info.talks],
        bio=next((bio for bio in bios if bio), None),
        homepage=extra.homepage if extra else None,
        pronouns=extra.pronouns if extra else None,
        path=path,
        url=links.absolute(path),
        ics=speaker_ics(info.id),
    )


def _series(site: Site, links: Links, entry: SeriesEntry) -> SeriesOut:
    series = entry.series
    path = links.page(entry.docname)
    return SeriesOut(
        id=entry.id,
        title=series.title,
        term=series.term,
        timezone=series.timezone or site.config.timezone,
        time=series.time,
        duration=series.duration,
        schedule=series.schedule,
        courses=[CourseOut(name=c.name, url=c.url) for c in series.courses],
        hosts=list(series.hosts),
        breaks=[BreakOut(date=b.date, label=b.label) for b in series.breaks],
        talks=[t.slug for t in site.by_series.get(entry.id, [])],
        path=path,
        url=links.absolute(path),
        ics=series_ics(entry.id),
        atom=series_atom(entry.id),
    )


def item(model: _Out) -> str:
    """``model`` as an element of one of ``talks.json``'s lists, indented as ``json.dumps(indent=2)`` places it."""
    text = json.dumps(model.model_dump(mode="json"), indent=2, ensure_ascii=False)
    return "    " + text.replace("\n", "\n    ")  # no string holds a raw newline: JSON escapes them


def assemble(title: str, url: str | None, talks: list[str], speakers: list[str], series: list[str]) -> bytes:
    """``talks.json`` from its items (:func:`item`): indented, keys in model order, UTF-8, ending in a newline.

    The same bytes as ``json.dumps`` of the whole :class:`TalksExport` with ``indent=2``
    (``tests/test_export.py`` checks this), without serializing the items again.
    """
    head = TalksExport(version=1, title=title, url=url, talks=[], speakers=[], series=[])
    text = json.dumps(head.model_dump(mode="json"), indent=2, ensure_ascii=False)
    for name, items in (("talks", talks), ("speakers", speakers), ("series", series)):
        if items:  # the key's line is unique: list items are indented further
            text = text.replace(f'\n  "{name}": []', f'\n  "{name}": [\n' + ",\n".join(items) + "\n  ]", 1)
    return (text + "\n").encode("utf-8")


def talks_json(app: Sphinx, site: Site, links: Links) -> bytes:
    """``talks.json`` of this build, with the items of talks and speakers whose inputs did not change from the last.

    A talk's item shows its calendar event's inputs (front matter, time, series, abstract; the
    digests :mod:`seminar.calendar` works out) and its speakers' bios; a speaker's item shows
    their talks and bios and their hand-written page.
    """
    import pydantic

    from .fingerprints import digest
    from .pieces import PieceCache

    events: dict[str, str] = getattr(domain_of(app.env), "event_digests", None) or {}
    cache: PieceCache[str] = PieceCache(app, "json-items", pydantic.VERSION)

    def talk_item(entry: TalkEntry) -> str:
        found = events.get(entry.docname)
        key = digest((found, *(entry.bio_digest(s.speaker_id) for s in entry.talk.speakers))) if found else None
        return cache.get(key, lambda: item(_talk(site, links, entry)))

    def speaker_item(info: SpeakerInfo) -> str:
        found = [events.get(entry.docname) for entry in info.talks]
        bios = [entry.bio_digest(info.id) for entry in info.talks]
        extra = info.page.page if info.page else None
        key = None if None in found else digest((info.id, info.name, extra, *found, *bios))
        return cache.get(key, lambda: item(_speaker(links, info)))

    data = assemble(
        str(app.config.project),
        links.base or None,
        [talk_item(entry) for entry in site.talks],
        [speaker_item(info) for info in site.speakers.values()],
        [item(_series(site, links, site.series_by_id[key])) for key in sorted(site.series_by_id)],
    )
    cache.save()
    return data


def write_export(app: Sphinx) -> None:
    """Write ``talks.json`` and its schema when they changed (see :mod:`seminar.sitefiles`)."""
    from .incremental import outputs_unchanged

    if outputs_unchanged(app) and (Path(app.outdir) / "talks.json").is_file():
        return  # nothing they show changed since the last build wrote them
    from .schema import render

    talks = talks_json(app, site_of(app.env), Links.of(app.builder))
    write_outputs(Path(app.outdir), {"talks.json": talks, "talks.schema.json": render(TalksExport).encode("utf-8")})
