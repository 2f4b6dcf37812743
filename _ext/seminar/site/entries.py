"""A talk, series or hand-written speaker page as read: its validated front matter and its body parts.

The :class:`~seminar.domain.domain.SeminarDomain` stores these per document; everything above
reads them.  The abstract and bios are docutils nodes (the ``{abstract}`` and ``{bio}`` blocks as
parsed), so speaker pages, feeds and exports reuse exactly what the talk page shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from docutils import nodes

from ..model.metadata import Series, SpeakerPage, Talk
from .related import Words, stems


@dataclass
class TalkEntry:
    """A talk page as read: its validated front matter and the abstract and bios of its body."""

    docname: str
    talk: Talk
    lines: dict[str, int] = field(default_factory=dict)
    abstract: list[nodes.Node] = field(default_factory=list)  # stored as its text (see __getstate__)
    bios: dict[str, list[nodes.Node]] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        """The last part of the page path, unique across the site."""
        return self.docname.rsplit("/", 1)[-1]

    @property
    def sort_key(self) -> tuple[dt.date, str, str]:
        """Chronological order; the page path breaks ties so the order is stable."""
        return (self.talk.date, self.talk.time or "", self.docname)

    def __getstate__(self) -> dict[str, Any]:
        # The abstract is only ever read as text (descriptions, feeds, calendars, talks.json), so
        # it is stored as text; each bio's markup digest, which every rebuild compares for the
        # speaker pages, is worked out once and stored with the entry.
        state = dict(self.__dict__)
        state["abstract"] = [nodes.Text(node.astext()) for node in self.abstract]
        state["_bio_digests"] = {speaker_id: self.bio_digest(speaker_id) for speaker_id in self.bios}
        state["_bio_links"] = {speaker_id: self.bio_links(speaker_id) for speaker_id in self.bios}
        state["_source_digest"] = self.source_digest
        return state

    @property
    def source_digest(self) -> str:
        """A digest of everything other pages can show of this talk: its front matter and bios, not its abstract.

        Worked out once per entry (and stored with it), as :mod:`seminar.incremental.planner`
        compares it for every talk on every rebuild.
        """
        found = self.__dict__.get("_source_digest")
        if found is None:
            hasher = hashlib.sha256(repr(self.talk).encode("utf-8"))
            for speaker_id in sorted(self.bios):
                hasher.update(f"\x00{speaker_id}\x00{self.bio_digest(speaker_id)}".encode())
            found = self.__dict__["_source_digest"] = hasher.hexdigest()
        return str(found)

    def abstract_stems(self, words: Words) -> str:
        """The abstract's words as related talks rank them (:func:`seminar.site.related.stems`).

        Worked out once per entry and stored with it: every build ranks every talk's related
        talks again, and stemming is the costly part of reading an abstract.
        """
        found = self.__dict__.get("_stems")
        if found is None:
            found = self.__dict__["_stems"] = stems(self.abstract_text(), words)
        return str(found)

    def abstract_text(self) -> str:
        """The abstract as plain text, paragraphs separated by blank lines."""
        return "\n\n".join(node.astext() for node in self.abstract)

    def bio_text(self, speaker_id: str) -> str:
        """One speaker's bio from this talk as plain text."""
        return "\n\n".join(node.astext() for node in self.bios.get(speaker_id, []))

    def bio_digest(self, speaker_id: str) -> str:
        """A digest of one speaker's bio from this talk with its markup (what a speaker page copies)."""
        stored = self.__dict__.get("_bio_digests")  # set on a stored (unpickled) entry
        if stored is not None and speaker_id in stored:
            return str(stored[speaker_id])
        forms = "\x00".join(node.pformat() for node in self.bios.get(speaker_id, []))
        return hashlib.sha256(forms.encode("utf-8")).hexdigest()

    def bio_links(self, speaker_id: str) -> list[tuple[str, str]]:
        """The ``{talk}``, ``{speaker}`` and ``{series}`` targets in one speaker's bio from this talk.

        Each link shows its target's title, so a speaker page that copies the bio shows those
        titles too (see :mod:`seminar.incremental.fingerprints`).
        """
        stored = self.__dict__.get("_bio_links")  # set on a stored (unpickled) entry
        if stored is not None and speaker_id in stored:
            return list(stored[speaker_id])
        return [
            (str(node["reftype"]), str(node["reftarget"]))
            for item in self.bios.get(speaker_id, [])
            if isinstance(item, nodes.Element)
            for node in item.findall(nodes.Element)
            if node.tagname == "pending_xref" and node.get("refdomain") == "seminar"  # site/ knows no Sphinx
        ]


@dataclass
class SeriesEntry:
    """A series page as read."""

    docname: str
    series: Series
    lines: dict[str, int] = field(
        default_factory=dict
    )  # key below series: ("breaks <date>", "courses.0.url") -> its line

    @property
    def id(self) -> str:
        """The series id: the page's file name."""
        return self.docname.rsplit("/", 1)[-1]


@dataclass
class SpeakerPageEntry:
    """A hand-written ``speakers/<id>.md`` page that adds details to a generated speaker page."""

    docname: str
    page: SpeakerPage
    lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> its line

    @property
    def id(self) -> str:
        """The speaker id the page belongs to."""
        return self.docname.rsplit("/", 1)[-1]
