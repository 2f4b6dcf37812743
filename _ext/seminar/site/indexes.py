"""The whole site as seen after reading: talks in order, per series, per speaker and per tag, and related talks.

Built once per build from what the domain stored (:attr:`seminar.domain.domain.SeminarDomain.site`)
and shared by every renderer, so no page scans all talks on its own: listings, footers, generated
pages and cross-references look up prepared indexes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from ..model.metadata import Break
from ..model.settings import SeminarConfig
from ..model.slugs import page_id
from ..model.vocabulary import Vocabulary
from .entries import SeriesEntry, SpeakerPageEntry, TalkEntry
from .related import Document, RelatedIndex, Words
from .speakers import SpeakerInfo, collect_speakers
from .timing import When, timing, today
from .urls import UidClash, assign_uids

MORE_BY_SPEAKERS = 5
"""How many speakers of a talk get a "More talks by" block in its footer."""
MORE_BY_TALKS = 5
"""How many other talks each block lists (the newest), before a link to the speaker's page."""


@dataclass
class Tag:
    """A tag (with a vocabulary: a topic) and its talks in date order."""

    id: str
    label: str
    talks: list[TalkEntry] = field(default_factory=list)
    description: str | None = None  # a topic's, from the vocabulary

    @property
    def docname(self) -> str:
        """The generated tag page."""
        return f"tags/{self.id}"


class Site:
    """Indexes over every talk, series and speaker of one build."""

    def __init__(
        self,
        talks: Mapping[str, TalkEntry],
        series: Mapping[str, SeriesEntry],
        speaker_pages: Mapping[str, SpeakerPageEntry],
        config: SeminarConfig,
        words: Words,
        *,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        self.config = config
        self.words = words
        self.vocabulary = vocabulary
        self.today: dt.date = today()
        self.talks: list[TalkEntry] = sorted(talks.values(), key=lambda entry: entry.sort_key)
        self.series_by_id: dict[str, SeriesEntry] = series_by_id(series)
        self.speaker_pages = speaker_pages
        self.by_docname: dict[str, TalkEntry] = {t.docname: t for t in self.talks}
        # ``Talk.tag_pairs`` slugifies on every access, and listings and footers ask often.
        self.tag_pairs: dict[str, list[tuple[str, str]]] = {t.docname: self._pairs(t) for t in self.talks}
        self.tag_ids: dict[str, list[str]] = {name: [i for _, i in pairs] for name, pairs in self.tag_pairs.items()}

    @cached_property
    def talk_by_slug(self) -> dict[str, TalkEntry]:
        """Talks by slug (the ``{talk}`` role's target); with a duplicate slug, the first page path wins (and is warned)."""
        found: dict[str, TalkEntry] = {}
        for docname in sorted(self.by_docname):
            found.setdefault(self.by_docname[docname].slug, self.by_docname[docname])
        return found

    def lookup(self, typ: str, target: str) -> tuple[str, str] | None:
        """The ``(docname, title)`` that a ``{talk}``, ``{series}`` or ``{speaker}`` target names, or ``None``."""
        key = target.strip()
        if typ == "talk":
            entry = self.talk_by_slug.get(key.rsplit("/", 1)[-1])
            return (entry.docname, entry.talk.title) if entry else None
        if typ == "series":
            series = self.series_by_id.get(key)
            return (series.docname, series.series.title) if series else None
        if typ == "speaker":
            info = self.speakers.get(page_id(key))
            return (info.docname, info.name) if info else None
        return None

    def series_of(self, entry: TalkEntry) -> SeriesEntry | None:
        """The series a talk belongs to, or ``None`` when its series page does not exist."""
        return self.series_by_id.get(entry.talk.series)

    @cached_property
    def _when(self) -> dict[str, When]:
        return {t.docname: timing(t, self.series_of(t), self.config) for t in self.talks}

    def when(self, entry: TalkEntry) -> When:
        """The talk's start and end."""
        return self._when[entry.docname]

    @cached_property
    def _uids(self) -> tuple[dict[str, str], list[UidClash]]:
        return assign_uids(self.talks)

    def uid(self, entry: TalkEntry) -> str:
        """The talk's calendar UID as published: its own, unless another talk holds it (:func:`assign_uids`)."""
        return self._uids[0][entry.docname]

    @property
    def uid_clashes(self) -> list[UidClash]:
        """The talks whose UID another talk holds, by page path."""
        return self._uids[1]

    def is_upcoming(self, entry: TalkEntry) -> bool:
        """Whether the talk is today or later (by the build's date, see :func:`seminar.site.timing.today`)."""
        return entry.talk.date >= self.today

    @cached_property
    def by_series(self) -> dict[str, list[TalkEntry]]:
        """Talks of each series id, in date order."""
        grouped: dict[str, list[TalkEntry]] = defaultdict(list)
        for entry in self.talks:
            grouped[entry.talk.series].append(entry)
        return dict(grouped)

    @cached_property
    def _series_position(self) -> dict[str, int]:
        return {t.docname: i for talks in self.by_series.values() for i, t in enumerate(talks)}

    def neighbours(self, entry: TalkEntry) -> tuple[TalkEntry | None, TalkEntry | None]:
        """The previous and next talk of the same series."""
        talks = self.by_series.get(entry.talk.series, [])
        index = self._series_position[entry.docname]
        return (talks[index - 1] if index > 0 else None, talks[index + 1] if index + 1 < len(talks) else None)

    @cached_property
    def speakers(self) -> dict[str, SpeakerInfo]:
        """Every speaker by id."""
        return collect_speakers(self.talks, self.speaker_pages.values())

    def sorted_speakers(self) -> list[SpeakerInfo]:
        """Speakers A-Z."""
        return sorted(self.speakers.values(), key=lambda s: s.sort_key)

    def _pairs(self, entry: TalkEntry) -> list[tuple[str, str]]:
        """A talk's tags as (label, page id): free-form, as spelled; with a vocabulary, its known topics and their labels.

        A tag that is no topic of the vocabulary is left out (and warned, ``unknown_topic``).
        """
        if self.vocabulary is None:
            return entry.talk.tag_pairs
        topics = self.vocabulary.by_id
        return [(topics[tag].label, tag) for tag in dict.fromkeys(entry.talk.tags) if tag in topics]

    @cached_property
    def tags(self) -> dict[str, Tag]:
        """Every tag by id; the label is the first spelling seen.

        With a vocabulary: every topic (one without talks too, so its page stays), by label A-Z.
        """
        if self.vocabulary is not None:
            by_label = sorted(self.vocabulary.topics, key=lambda t: (t.label.casefold(), t.id))
            topics = {t.id: Tag(t.id, t.label, description=t.description) for t in by_label}
            for entry in self.talks:
                for _label, tag_id in self.tag_pairs[entry.docname]:
                    topics[tag_id].talks.append(entry)
            return topics
        found: dict[str, Tag] = {}
        for entry in self.talks:
            for label, tag_id in self.tag_pairs[entry.docname]:
                found.setdefault(tag_id, Tag(tag_id, label)).talks.append(entry)
        return dict(sorted(found.items()))

    def topic_label(self, topic_id: str) -> str:
        """The name a topic is shown by (the one place filters and listings take it from)."""
        tag = self.tags.get(topic_id)
        return tag.label if tag is not None else topic_id

    def more_by_speakers(self, entry: TalkEntry) -> list[tuple[SpeakerInfo, list[TalkEntry]]]:
        """The "More talks by" blocks of a talk's page: its first speakers who gave other talks, those newest first.

        Bounded (:data:`MORE_BY_SPEAKERS` blocks of at most :data:`MORE_BY_TALKS` talks), so a
        talk's page grows with its own speakers, never with their other talks.
        """
        found = []
        for speaker in entry.talk.speakers:
            info = self.speakers[speaker.speaker_id]
            others = [t for t in reversed(info.talks) if t.docname != entry.docname]
            if others:
                found.append((info, others))
        return found

    def shown_on_page(self, entry: TalkEntry) -> frozenset[str]:
        """The other talks a talk's page lists before its related talks: previous/next, more by its speakers."""
        shown = {other.docname for other in self.neighbours(entry) if other is not None}
        for _, others in self.more_by_speakers(entry)[:MORE_BY_SPEAKERS]:
            shown.update(other.docname for other in others[:MORE_BY_TALKS])
        return frozenset(shown)

    def related_document(self, entry: TalkEntry) -> Document:
        """What the ranking of related talks reads of a talk (:mod:`seminar.site.related`)."""
        return Document(
            docname=entry.docname,
            date=entry.talk.date,
            title=entry.talk.title,
            abstract="",  # the stems below stand for it
            topics=tuple(self.tag_ids[entry.docname]),
            shown=self.shown_on_page(entry),
            stems=entry.abstract_stems(self.words),
        )

    @cached_property
    def related_index(self) -> RelatedIndex:
        """Every talk's related talks, ranked at once (or the last build's index brought up to date, :meth:`use_related_index`)."""
        return RelatedIndex([self.related_document(t) for t in self.talks], self.words)

    def use_related_index(self, index: RelatedIndex) -> None:
        """Take ``index`` as this site's ranking: one that ranks these talks as a new one would."""
        self.__dict__["related_index"] = index
        self.__dict__.pop("_related", None)

    @cached_property
    def _related(self) -> dict[str, list[TalkEntry]]:
        ranked = self.related_index.ranked
        return {name: [self.by_docname[other] for other in others] for name, others in ranked.items()}

    def related(self, entry: TalkEntry) -> list[TalkEntry]:
        """Up to four other talks on the same subject, best first (:mod:`seminar.site.related`).

        Every talk's list is ranked at once, on first use, since each depends on every talk's text.
        """
        return self._related.get(entry.docname, [])

    @cached_property
    def _breaks(self) -> dict[str, tuple[list[Break], list[tuple[Break, TalkEntry]]]]:
        found = {}
        for series_id, series in self.series_by_id.items():
            talks = {t.talk.date: t for t in reversed(self.by_series.get(series_id, []))}  # the first of a day
            shown = [b for b in series.series.breaks if b.date not in talks]
            clashes = [(b, talks[b.date]) for b in series.series.breaks if b.date in talks]
            found[series_id] = (shown, clashes)
        return found

    def breaks(self, series_id: str) -> list[Break]:
        """A series' breaks that its listings show: those on a day with none of its talks."""
        return self._breaks[series_id][0] if series_id in self._breaks else []

    def break_clashes(self, series_id: str) -> list[tuple[Break, TalkEntry]]:
        """A series' breaks on the day of one of its talks (with that talk): shown nowhere, and warned."""
        return self._breaks[series_id][1] if series_id in self._breaks else []

    def series_sorted(self) -> list[SeriesEntry]:
        """Every series, newest first (by its latest talk, then its first break, then its title)."""
        return list(self._series_order)

    @cached_property
    def _series_order(self) -> tuple[SeriesEntry, ...]:
        def newest(series: SeriesEntry) -> tuple[dt.date, str]:
            dates = [t.talk.date for t in self.by_series.get(series.id, [])]
            dates += [b.date for b in series.series.breaks]
            return (max(dates) if dates else dt.date.min, series.series.title)

        return tuple(sorted(self.series_by_id.values(), key=newest, reverse=True))

    def series_neighbours(self, docname: str) -> tuple[SeriesEntry | None, SeriesEntry | None]:
        """The series before and after series page ``docname`` in :meth:`series_sorted` (newer, older)."""
        order = self._series_order
        at = next((i for i, series in enumerate(order) if series.docname == docname), None)
        if at is None:
            return None, None
        return (order[at - 1] if at else None, order[at + 1] if at + 1 < len(order) else None)

    def sidebar_hidden_series(self) -> list[str]:
        """The series pages the sidebar leaves out: all but the newest ``seminar_sidebar_series``."""
        limit = self.config.sidebar_series
        ordered = [series.docname for series in self.series_sorted()]
        return ordered[limit:] if limit and len(ordered) > limit else []


def series_by_id(series: Mapping[str, SeriesEntry]) -> dict[str, SeriesEntry]:
    """Series pages keyed by id (file name) rather than by page."""
    return {entry.id: entry for entry in series.values()}
