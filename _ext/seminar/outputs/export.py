"""``talks.json``: every talk, speaker and series of the site as data, with its JSON Schema.

The shape is :mod:`seminar.model.export_format`, so the file is checked as it is made and its
schema is generated from the same classes.  The file is deterministic: talks in date order,
speakers and series by id, no build time anywhere.  Items of talks and speakers whose inputs did
not change since the last build are taken from the cache of pieces
(:mod:`seminar.incremental.pieces`).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pydantic
from pydantic import BaseModel
from sphinx.application import Sphinx

from ..domain.config import links_of
from ..domain.domain import domain_of
from ..domain.state import build_state
from ..incremental.fingerprints import digest
from ..incremental.pieces import PieceCache
from ..model.export_format import (
    Affiliation,
    BreakOut,
    CourseOut,
    SeriesOut,
    SpeakerOut,
    TalkOut,
    TalksExport,
    TalkSpeaker,
    TopicOut,
    render,
)
from ..site.entries import SeriesEntry, TalkEntry
from ..site.indexes import Site, Tag
from ..site.speakers import SpeakerInfo
from ..site.urls import Links, file_url, series_atom, series_ics, speaker_ics, talk_ics, topic_atom, topic_ics
from .files import write_outputs


def _talk(site: Site, links: Links, entry: TalkEntry) -> TalkOut:
    moment = site.when(entry)
    talk = entry.talk
    # Elapsed time: subtracted in UTC (within one zone Python subtracts wall-clock times).
    minutes = (
        int((moment.end.astimezone(dt.UTC) - moment.start.astimezone(dt.UTC)).total_seconds() // 60)
        if moment.start and moment.end
        else None
    )
    speakers = [
        TalkSpeaker(id=s.speaker_id, name=s.name, affiliation=s.affiliation, bio=entry.bio_text(s.speaker_id) or None)
        for s in talk.speakers
    ]
    path = links.page(entry.docname)
    return TalkOut(
        slug=entry.slug,
        uid=site.uid(entry),
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
        tags=list(talk.tags) if site.vocabulary is None else [i for _label, i in site.tag_pairs[entry.docname]],
        topics=[i for _label, i in site.tag_pairs[entry.docname]],
        recording=talk.recording,
        livestream=talk.livestream,
        slides=talk.slides,
        path=path,
        url=links.absolute(path),
        ics=file_url(talk_ics(entry)),
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
        ics=file_url(speaker_ics(info.id)),
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
        breaks=[BreakOut(date=b.date, label=b.label) for b in site.breaks(entry.id)],
        talks=[t.slug for t in site.by_series.get(entry.id, [])],
        path=path,
        url=links.absolute(path),
        ics=file_url(series_ics(entry.id)),
        atom=file_url(series_atom(entry.id)),
    )


def _topic(site: Site, links: Links, tag: Tag) -> TopicOut:
    path = links.page(tag.docname)
    files = site.vocabulary is not None  # free-form tags have pages, but no feed or calendar
    return TopicOut(
        id=tag.id,
        label=tag.label,
        description=tag.description,
        talks=[t.slug for t in tag.talks],
        path=path,
        url=links.absolute(path),
        ics=file_url(topic_ics(tag.id)) if files else None,
        atom=file_url(topic_atom(tag.id)) if files else None,
    )


def item(model: BaseModel) -> str:
    """``model`` as an element of one of ``talks.json``'s lists, indented as ``json.dumps(indent=2)`` places it."""
    text = json.dumps(model.model_dump(mode="json"), indent=2, ensure_ascii=False)
    return "    " + text.replace("\n", "\n    ")  # no string holds a raw newline: JSON escapes them


def assemble(
    title: str, url: str | None, talks: list[str], speakers: list[str], series: list[str], topics: list[str]
) -> bytes:
    """``talks.json`` from its items (:func:`item`): indented, keys in model order, UTF-8, ending in a newline.

    The same bytes as ``json.dumps`` of the whole :class:`TalksExport` with ``indent=2``
    (``tests/test_export.py`` checks this), without serializing the items again.
    """
    head = TalksExport(version=1, title=title, url=url, talks=[], speakers=[], series=[], topics=[])
    text = json.dumps(head.model_dump(mode="json"), indent=2, ensure_ascii=False)
    for name, items in (("talks", talks), ("speakers", speakers), ("series", series), ("topics", topics)):
        if items:  # the key's line is unique: list items are indented further
            text = text.replace(f'\n  "{name}": []', f'\n  "{name}": [\n' + ",\n".join(items) + "\n  ]", 1)
    return (text + "\n").encode("utf-8")


def talks_json(app: Sphinx, site: Site, links: Links) -> bytes:
    """``talks.json`` of this build, with the items of talks and speakers whose inputs did not change from the last.

    A talk's item shows its calendar event's inputs (front matter, time, series, abstract; the
    digests of the :class:`~seminar.domain.state.RebuildPlan`) and its speakers' bios; a speaker's
    item shows their talks and bios and their hand-written page.
    """
    events = build_state(app.env).plan.event_digests
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
        [item(_topic(site, links, tag)) for tag in site.tags.values()],
    )
    cache.save()
    return data


def write_export(app: Sphinx) -> None:
    """Write ``talks.json`` and its schema when they changed (see :mod:`seminar.outputs.sitefiles`)."""
    if build_state(app.env).plan.unchanged and (Path(app.outdir) / "talks.json").is_file():
        return  # nothing they show changed since the last build wrote them
    talks = talks_json(app, domain_of(app.env).site, links_of(app.builder))
    write_outputs(Path(app.outdir), {"talks.json": talks, "talks.schema.json": render(TalksExport).encode("utf-8")})
