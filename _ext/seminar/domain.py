"""The ``seminar`` domain: every talk, series and speaker page of the site, per document.

State lives here and only here (never in module globals), keyed by the document that defines it,
so Sphinx can purge a changed document (:meth:`SeminarDomain.clear_doc`) and merge what parallel
readers found (:meth:`SeminarDomain.merge_domaindata`).  Speakers are not stored: they are derived
from the talks (see :mod:`seminar.speakers`), so they can never disagree with them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from typing import Any, ClassVar, cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

from .model import Series, SpeakerPage, Talk
from .roles import SeminarXRefRole


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
        # The abstract is only ever read as text (descriptions, feeds, calendars, talks.json):
        # stored as its parse tree it was a third of the pickled environment.
        state = dict(self.__dict__)
        state["abstract"] = [nodes.Text(node.astext()) for node in self.abstract]
        # Every rebuild digests each bio's markup for the speaker pages' fingerprints; rendering
        # the nodes for it was a twentieth of a one-talk rebuild at 1,000 talks, so the digest
        # is worked out once, when the talk is stored (64 bytes; the bios' text would add a
        # fifth to the environment every build loads, for less).
        state["_bio_digests"] = {speaker_id: self.bio_digest(speaker_id) for speaker_id in self.bios}
        state["_source_digest"] = self.source_digest
        return state

    @property
    def source_digest(self) -> str:
        """A digest of everything other pages can show of this talk: its front matter and bios, not its abstract.

        Worked out once per entry (and stored with it), as :mod:`seminar.incremental` compares it
        for every talk on every rebuild.
        """
        found = self.__dict__.get("_source_digest")
        if found is None:
            hasher = hashlib.sha256(repr(self.talk).encode("utf-8"))
            for speaker_id in sorted(self.bios):
                hasher.update(f"\x00{speaker_id}\x00{self.bio_digest(speaker_id)}".encode())
            found = self.__dict__["_source_digest"] = hasher.hexdigest()
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


@dataclass
class SeriesEntry:
    """A series page as read."""

    docname: str
    series: Series

    @property
    def id(self) -> str:
        """The series id: the page's file name."""
        return self.docname.rsplit("/", 1)[-1]


@dataclass
class SpeakerPageEntry:
    """A hand-written ``speakers/<id>.md`` page that adds details to a generated speaker page."""

    docname: str
    page: SpeakerPage

    @property
    def id(self) -> str:
        """The speaker id the page belongs to."""
        return self.docname.rsplit("/", 1)[-1]


class SeminarDomain(Domain):
    """Talks, series and speakers, with cross-reference roles and inventory entries."""

    name = "seminar"
    label = "Seminar"
    object_types: ClassVar[dict[str, ObjType]] = {
        "talk": ObjType("talk", "talk"),
        "speaker": ObjType("speaker", "speaker"),
        "series": ObjType("series", "series"),
    }
    roles: ClassVar[dict[str, Any]] = {typ: SeminarXRefRole() for typ in ("talk", "speaker", "series")}
    initial_data: ClassVar[dict[str, Any]] = {
        "talks": {},  # docname -> TalkEntry
        "series": {},  # docname -> SeriesEntry
        "speaker_pages": {},  # docname -> SpeakerPageEntry
        "listings": {},  # docname -> [(directive name, options)] of the listings on that page
        "xrefs": {},  # docname -> [(role, target)] of the seminar roles on that page
        "fingerprints": {},  # page name -> fingerprint of what it shows from other pages
    }
    data_version = 1

    # -- stored state ------------------------------------------------------------------------
    @property
    def talks(self) -> dict[str, TalkEntry]:
        """Every talk, by docname."""
        return cast("dict[str, TalkEntry]", self.data["talks"])

    @property
    def series(self) -> dict[str, SeriesEntry]:
        """Every series, by docname."""
        return cast("dict[str, SeriesEntry]", self.data["series"])

    @property
    def speaker_pages(self) -> dict[str, SpeakerPageEntry]:
        """Hand-written speaker additions, by docname."""
        return cast("dict[str, SpeakerPageEntry]", self.data["speaker_pages"])

    @property
    def listings(self) -> dict[str, list[tuple[str, dict[str, Any]]]]:
        """The listing directives of each page, with their options, in page order."""
        return cast("dict[str, list[tuple[str, dict[str, Any]]]]", self.data["listings"])

    @property
    def xrefs(self) -> dict[str, list[tuple[str, str]]]:
        """The ``{talk}``, ``{speaker}`` and ``{series}`` targets each page links to."""
        return cast("dict[str, list[tuple[str, str]]]", self.data["xrefs"])

    @property
    def fingerprints(self) -> dict[str, str]:
        """What each page showed of other pages when it was last written (see ``incremental``)."""
        return cast("dict[str, str]", self.data["fingerprints"])

    def clear_doc(self, docname: str) -> None:
        """Forget what ``docname`` defined (it is being re-read or was removed)."""
        for key in ("talks", "series", "speaker_pages", "listings", "xrefs"):
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take what a parallel reader found for ``docnames``; duplicates are checked later, globally."""
        for key in ("talks", "series", "speaker_pages", "listings", "xrefs"):
            for docname, entry in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = entry

    # -- lookups -----------------------------------------------------------------------------
    def series_by_id(self) -> dict[str, SeriesEntry]:
        """Series keyed by id (file name)."""
        return {entry.id: entry for entry in self.series.values()}

    def talk_by_slug(self) -> dict[str, TalkEntry]:
        """Talks keyed by slug; with a duplicate slug, the first page path wins (and is warned)."""
        found: dict[str, TalkEntry] = {}
        for docname in sorted(self.talks):
            found.setdefault(self.talks[docname].slug, self.talks[docname])
        return found

    def sorted_talks(self) -> list[TalkEntry]:
        """Every talk in chronological order."""
        return sorted(self.talks.values(), key=lambda entry: entry.sort_key)

    # -- cross-references --------------------------------------------------------------------
    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        """Resolve ``{talk}``, ``{speaker}`` and ``{series}``; see :mod:`seminar.roles`."""
        from .roles import resolve

        return resolve(self, fromdocname, builder, typ, target, node, contnode)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        """Let ``{any}`` find talks, speakers and series too."""
        from .roles import lookup

        results = []
        for typ in ("talk", "speaker", "series"):
            found = lookup(self, typ, target)
            if found is not None:
                docname, title = found
                ref = make_refnode(builder, fromdocname, docname, "", nodes.Text(title), title)
                results.append((f"seminar:{typ}", ref))
        return results

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Talks, speakers and series for ``objects.inv`` (intersphinx) and the search index."""
        from .site import site_of

        for entry in sorted(self.talks.values(), key=lambda e: e.docname):
            yield (entry.slug, entry.talk.title, "talk", entry.docname, "", 1)
        for speaker in site_of(self.env).speakers.values():  # collected once per build, not per call
            yield (speaker.id, speaker.name, "speaker", speaker.docname, "", 1)
        for series in sorted(self.series.values(), key=lambda e: e.docname):
            yield (series.id, series.series.title, "series", series.docname, "", 1)
