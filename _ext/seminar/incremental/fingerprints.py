"""What each page shows of other pages, as digests of the data it is rendered from.

:mod:`seminar.incremental.planner` compares these digests between builds to find the pages an edit
affects.  They digest the inputs of a page (front matter, series data, the talks a listing
selects), never its rendered nodes: rendering and hashing every dynamic page on each build would
cost as much as writing them, while looking up the inputs is dictionary work.

The rule that keeps incremental builds equal to clean ones: every value a renderer reads about
*another* page must reach the digest of the page it renders.  What any listing, header or footer
shows of a talk is :meth:`Inputs.talk`; the other methods follow the renderers of
:mod:`seminar.rendering` one by one (and the structured data of :mod:`seminar.html.structured`,
which uses the same data).  A digest may hold more
than a page shows (a page is then rewritten unchanged), never less.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cached_property
from typing import Any

from ..model.pagekinds import PageKind, page_kind
from ..site.catalog import GeneratedPage
from ..site.entries import TalkEntry
from ..site.indexes import Site, Tag
from ..site.query import HORIZON_DAYS, featured, listing_form, page_series, select
from ..site.speakers import SpeakerInfo, latest_affiliation


def digest(parts: Iterable[object]) -> str:
    """A stable digest of values whose ``repr`` is stable (strings, numbers, dates, models)."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(repr(part).encode("utf-8"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


class Inputs:
    """Digests of one build's site data, each computed once."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._talks: dict[str, str] = {}
        self._bios: dict[tuple[str, str], str] = {}

    # -- talks -------------------------------------------------------------------------------
    def talk(self, entry: TalkEntry) -> str:
        """Everything shown of a talk outside its body: front matter, time, series, upcoming or not."""
        found = self._talks.get(entry.docname)
        if found is None:
            site = self.site
            series = site.series_of(entry)
            found = digest(
                (
                    entry.docname,
                    entry.source_digest,  # the front matter (and bios), digested once per talk
                    site.when(entry),
                    site.is_upcoming(entry),
                    (series.docname, series.series.title, series.series.term) if series else None,
                    site.tag_pairs[entry.docname],  # its topics' labels, from the vocabulary
                )
            )
            self._talks[entry.docname] = found
        return found

    def _bio(self, entry: TalkEntry, speaker_id: str) -> str:
        """A speaker's bio from one talk; nodes, as the speaker page copies them with their markup."""
        key = (entry.docname, speaker_id)
        found = self._bios.get(key)
        if found is None:
            found = entry.bio_digest(speaker_id)
            self._bios[key] = found
        return found

    def talks(self, entries: Iterable[TalkEntry]) -> list[str]:
        """The digests of ``entries``, in order."""
        return [self.talk(entry) for entry in entries]

    # -- documents ---------------------------------------------------------------------------
    def document(self, docname: str, listings: list[tuple[str, dict[str, Any]]], xrefs: list[tuple[str, str]]) -> str:
        """What source document ``docname`` shows of other pages (see :func:`seminar.html.placeholders.render_placeholder`)."""
        site = self.site
        parts: list[object] = [site.lookup(typ, target) for typ, target in xrefs]
        entry = site.by_docname.get(docname)
        if entry is not None:
            parts += self._talk_page(entry)
        if page_kind(docname) is PageKind.SERIES:
            series = site.series_by_id.get(docname.rsplit("/", 1)[-1])
            if series is not None:
                parts += [series.series, len(site.by_series.get(series.id, []))]
            # Its footer's "Previous" and "Next": the series next to it, newest first.
            parts += [(s.docname, s.series.title) if s else None for s in site.series_neighbours(docname)]
        for name, options in listings:
            parts.append(self.listing(docname, name, options))
        if page_kind(docname) is PageKind.SPEAKER:
            info = site.speakers.get(docname.rsplit("/", 1)[-1])
            if info is not None:
                parts.append(self.speaker(info))
        return digest(parts)

    def _talk_page(self, entry: TalkEntry) -> list[object]:
        """A talk's header, video and footer: its series' neighbours, speakers' other talks, related talks."""
        site = self.site
        parts: list[object] = [self.talk(entry)]
        parts += [self.talk(other) if other else None for other in site.neighbours(entry)]
        for speaker in entry.talk.speakers:
            info = site.speakers[speaker.speaker_id]
            # The header shows each speaker's picture: their photo (from their page) or avatar (of their name).
            parts += [info.name, info.page.page.photo if info.page else None, *self.talks(info.talks)]
        parts += self.talks(site.related(entry))
        return parts

    # -- listings ----------------------------------------------------------------------------
    def listing(self, docname: str, name: str, options: dict[str, Any]) -> str:
        """One ``{talk-list}``, ``{speaker-list}``, ``{series-list}`` or ``{featured-talk}`` on page ``docname``."""
        if name == "speaker-list":
            return self.speaker_index
        if name == "series-list":
            return self.series_cards
        if name == "featured-talk":  # which talks it carries, each with whether it is still ahead (in its digest)
            return digest([sorted(options.items()), *self.talks(featured(self.site, docname, options))])
        parts: list[object] = [sorted(options.items())]
        when = options.get("when", "all")
        schedule = listing_form(docname, options)[0] == "schedule"
        for item in self.listed(docname, options):
            parts.append(self.talk(item) if isinstance(item, TalkEntry) else item)
            if schedule and isinstance(item, TalkEntry):  # a schedule's rows open on the abstract
                parts.append(item.abstract_text())
        series = self.site.series_by_id.get(options.get("series") or page_series(docname) or "")
        if series is not None:  # its title and term head grouped listings, breaks included
            parts.append((series.series.title, series.series.term))
        if when == "past":  # which upcoming talks it carries, hidden, depends on the date itself
            parts += [self.site.today, HORIZON_DAYS]
        return digest(parts)

    def listed(self, docname: str, options: dict[str, Any]) -> list[Any]:
        """The rows a ``{talk-list}`` on ``docname`` selects: its talks (and breaks), with the upcoming talks a past one carries hidden."""
        when = options.get("when", "all")
        selections = [options, {**options, "when": "upcoming", "reverse": None}] if when == "past" else [options]
        return [item for chosen in selections for item in select(self.site, docname, chosen)]

    @cached_property
    def speaker_index(self) -> str:
        """The speakers A-Z with their talk counts, latest affiliations and latest talks."""
        return digest(
            (info.docname, info.name, len(info.talks), latest_affiliation(info), self.talk(info.talks[-1]))
            for info in self.site.sorted_speakers()
        )

    @cached_property
    def series_cards(self) -> str:
        """Every series, newest first, with term, schedule and talk count."""
        site = self.site
        return digest(
            (s.docname, s.series.title, s.series.term, s.series.schedule, len(site.by_series.get(s.id, [])))
            for s in site.series_sorted()
        )

    # -- speakers and tags -------------------------------------------------------------------
    def speaker(self, info: SpeakerInfo) -> str:
        """A speaker page: name, hand-written details, their talks (with affiliations) and bios (with what they link to)."""
        parts: list[object] = [info.name, info.page.page if info.page else None]
        for entry in info.talks:
            parts += [self.talk(entry), self._bio(entry, info.id)]
            parts += [self.site.lookup(typ, target) for typ, target in entry.bio_links(info.id)]
        return digest(parts)

    def tag(self, tag: Tag) -> str:
        """A tag (topic) page: its label and description and its talks."""
        return digest([tag.label, tag.description, *self.talks(tag.talks)])

    @cached_property
    def tag_index(self) -> str:
        """Every tag (topic) with its description and talk count."""
        return digest((tag.id, tag.label, tag.description, len(tag.talks)) for tag in self.site.tags.values())

    @cached_property
    def talk_index(self) -> str:
        """``talks/index``: the series cards and every talk."""
        return digest([self.series_cards, *self.talks(self.site.talks)])

    def generated(self, page: GeneratedPage) -> str:
        """A generated page (:func:`seminar.site.catalog.generated_pages`): its title and what it lists."""
        if page.speaker is not None:
            shown = self.speaker(page.speaker)
        elif page.tag is not None:
            shown = self.tag(page.tag)
        else:
            shown = {"speakers": self.speaker_index, "talks": self.talk_index, "tags": self.tag_index}[page.kind]
        return digest((page.title, shown))
