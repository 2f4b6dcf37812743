"""The ``seminar`` domain: every talk, series and speaker page of the site, per document.

State that outlives a build lives here and only here, keyed by the document that defines it, so
Sphinx can purge a changed document (:meth:`SeminarDomain.clear_doc`) and merge what parallel
readers found (:meth:`SeminarDomain.merge_domaindata`).  As Sphinx's own domains do, the domain
makes its own writes (:meth:`~SeminarDomain.note_talk`, :meth:`~SeminarDomain.note_listing`,
:meth:`~SeminarDomain.note_xref` ...), runs its own cross-page checks
(:meth:`~SeminarDomain.check_consistency`) and resolves its own roles.  Speakers are not stored:
they are derived from the talks (:mod:`seminar.site.speakers`), so they can never disagree.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Set
from typing import Any, ClassVar, cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.roles import XRefRole
from sphinx.search.en import SearchEnglish
from sphinx.util.nodes import make_refnode

from ..model.messages import duplicate_slug, duplicate_uid, unknown_series
from ..model.subtypes import Subtype
from ..model.vocabulary import tag_problems
from ..site.catalog import GeneratedPage, generated_pages
from ..site.entries import SeriesEntry, SpeakerPageEntry, TalkEntry
from ..site.indexes import Site, series_by_id
from ..site.related import TALK_WORDS, Words
from ..site.texts import clock_problem
from ..site.urls import talk_uid
from .config import in_output, seminar_config
from .report import warn
from .state import build_state

ROLES = ("talk", "speaker", "series")
_NOT_IN_SEARCH = -1  # an object priority: listed in objects.inv, not in search results

# The domain's data keys that belong to one document each: purged and merged per document.
_PER_DOCUMENT = ("talks", "series", "speaker_pages", "listings", "xrefs")


def english_words() -> Words:
    """The stop words and stemmer of Sphinx's English search, for ranking related talks (:mod:`seminar.site.related`)."""
    english = SearchEnglish({})
    return Words(frozenset(english.stopwords), english.stem, frozenset(english.stem(word) for word in TALK_WORDS))


class SeminarXRefRole(XRefRole):
    """``{talk}`slug```, ``{speaker}`id``` and ``{series}`id```: links titled by their target.

    They make ordinary pending cross-references in the ``seminar`` domain, prefixed or not, so they
    resolve after reading (any page can link to any other) and an unknown target is a located warning.
    """

    def create_xref_node(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.refdomain = "seminar"
        # The link text is the target's title, so the page depends on it (see incremental builds).
        domain_of(self.env).note_xref(self.env.docname, self.reftype, self.target)
        return super().create_xref_node()


class SeminarDomain(Domain):
    """Talks, series and speakers, with cross-reference roles and inventory entries."""

    name = "seminar"
    label = "Seminar"
    object_types: ClassVar[dict[str, ObjType]] = {typ: ObjType(typ, typ) for typ in ROLES}
    roles: ClassVar[dict[str, Any]] = {typ: SeminarXRefRole() for typ in ROLES}
    initial_data: ClassVar[dict[str, Any]] = {
        # Per document (purged when it is read again or removed):
        "talks": {},  # docname -> TalkEntry
        "series": {},  # docname -> SeriesEntry
        "speaker_pages": {},  # docname -> SpeakerPageEntry
        "listings": {},  # docname -> [(directive name, options)] of the listings on that page
        "xrefs": {},  # docname -> [(role, target)] of the seminar roles on that page
        # Kept by the incremental planner from one build to the next (seminar.incremental.planner):
        "fingerprints": {},  # page name -> digest of what it shows from other pages
        "sources": {},  # talk docname -> digest of its front matter and bios
        "events": {},  # talk docname -> digest of its calendar event's inputs
        "related": {},  # talk docname -> the page names of its related talks, best first
        "calendars": {},  # calendar path -> digest of its content's inputs
        "feeds": {},  # feed path -> digest of its content's inputs
        "outputs_key": "",  # builder, output folder and configuration the fingerprints belong to
        "nav": "",  # what the sidebar of every page showed
        "today": None,  # the build's date
        "vocabulary": "",  # digest of the topic vocabulary (tags.yaml)
    }

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

    # -- writes ------------------------------------------------------------------------------
    def note_talk(self, entry: TalkEntry) -> None:
        """Record a talk page's validated front matter (its abstract and bios follow as they are read)."""
        self.talks[entry.docname] = entry

    def note_series(self, entry: SeriesEntry) -> None:
        """Record a series page."""
        self.series[entry.docname] = entry

    def note_speaker_page(self, entry: SpeakerPageEntry) -> None:
        """Record a hand-written speaker page."""
        self.speaker_pages[entry.docname] = entry

    def note_listing(self, docname: str, directive: str, options: dict[str, Any]) -> None:
        """Record a ``{talk-list}``, ``{speaker-list}`` or ``{series-list}`` on ``docname``."""
        self.listings.setdefault(docname, []).append((directive, options))

    def note_xref(self, docname: str, role: str, target: str) -> None:
        """Record that ``docname`` links to ``target`` with a seminar role (its text is the target's title)."""
        self.xrefs.setdefault(docname, []).append((role, target))

    def clear_doc(self, docname: str) -> None:
        """Forget what ``docname`` defined (it is being re-read or was removed)."""
        for key in _PER_DOCUMENT:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take what a parallel reader found for ``docnames``; duplicates are checked later, globally."""
        for key in _PER_DOCUMENT:
            for docname, entry in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = entry

    # -- the site ----------------------------------------------------------------------------
    @property
    def site(self) -> Site:
        """The indexes over every talk, series and speaker of this build, made once after reading."""
        state = build_state(self.env)
        if state.site is None:
            config = seminar_config(self.env.config)
            state.site = Site(
                self.talks, self.series, self.speaker_pages, config, english_words(), vocabulary=state.vocabulary
            )
        return state.site

    @property
    def generated_pages(self) -> dict[str, GeneratedPage]:
        """The pages this build generates (one per speaker, the indexes, the tag pages), listed once."""
        state = build_state(self.env)
        if state.pages is None:
            state.pages = generated_pages(self.site, set(self.env.found_docs))
        return state.pages

    # -- cross-page checks -------------------------------------------------------------------
    def check_consistency(self) -> None:
        """Unknown series and topics, duplicate slugs, uids and speaker ids, speaker pages of nobody.

        Run in the main process after parallel readers merged, so a duplicate across documents
        read in different processes is still found; each warning points at the later definition
        (for a uid, at the talk that gives way: :func:`seminar.site.urls.assign_uids`).
        """
        series_ids = sorted(series_by_id(self.series))
        slugs: dict[str, str] = {}
        names: dict[str, dict[str, str]] = defaultdict(dict)  # speaker id -> name -> first docname
        for docname in sorted(self.talks):
            entry = self.talks[docname]
            talk = entry.talk
            if talk.series not in series_ids:
                where = (docname, entry.lines.get("series", 1))
                warn(Subtype.UNKNOWN_SERIES, unknown_series(talk.series, series_ids), where)
            if entry.slug in slugs:
                warn(Subtype.DUPLICATE_SLUG, duplicate_slug(entry.slug, slugs[entry.slug]), (docname, 1))
            slugs.setdefault(entry.slug, docname)
            for index, speaker in enumerate(talk.speakers):
                if speaker.id is not None:
                    continue  # an explicit id merges spellings on purpose
                seen = names[speaker.speaker_id]
                if seen and speaker.name not in seen:
                    other, first = next(iter(seen.items()))
                    warn(
                        Subtype.DUPLICATE_SPEAKER,
                        f"speaker id {speaker.speaker_id!r} is {speaker.name!r} here but {other!r} in {first}: "
                        "likely the same person (use one spelling) or two people (give one an 'id:')",
                        (docname, entry.lines.get(f"speakers.{index}", 1)),
                    )
                seen.setdefault(speaker.name, docname)
        self._check_topics()
        self._check_clocks()
        self._check_breaks()
        for clash in self.site.uid_clashes:  # the UIDs in use, derived ones included, in any spelling
            written = clash.entry.talk.uid is not None
            if not written and clash.holder.talk.uid is None:
                continue  # both derived from one file name: that is the duplicate_slug above
            message = duplicate_uid(
                clash.given, clash.holder.docname, derived=not written, theirs=talk_uid(clash.holder)
            )
            warn(
                Subtype.DUPLICATE_UID, message, (clash.entry.docname, clash.entry.lines.get("uid", 1) if written else 1)
            )
        self._check_speaker_pages({s.speaker_id for entry in self.talks.values() for s in entry.talk.speakers})

    def _check_topics(self) -> None:
        """With a vocabulary, a tag that is no topic (left out of the page) and more topics than a talk should have."""
        vocabulary = build_state(self.env).vocabulary
        if vocabulary is None:
            return
        for docname in sorted(self.talks):
            entry = self.talks[docname]
            for subtype, message, index in tag_problems(list(entry.talk.tags), vocabulary):
                line = entry.lines.get("tags", 1) if index is None else entry.lines.get(f"tags.{index}", 1)
                warn(subtype, message, (docname, line))

    def _check_breaks(self) -> None:
        """A series' break on the day of one of its talks: the listing would say "no talk" beside the talk."""
        for series_id, series in sorted(self.site.series_by_id.items()):
            for item, talk in self.site.break_clashes(series_id):
                where = (
                    series.docname,
                    series.lines.get(f"breaks {item.date.isoformat()}", series.lines.get("breaks", 1)),
                )
                message = (
                    f"break {item.label!r} on {item.date.isoformat()} is the day of {talk.docname}, "
                    "a talk of this series; it is not shown (remove it, or move the talk)"
                )
                warn(Subtype.BAD_DATE, message, where)

    def _check_clocks(self) -> None:
        """A talk whose local start time happens twice or not at all (the night the clocks change)."""
        for entry in self.site.talks:
            moment = self.site.when(entry)
            if not moment.clock or moment.start is None or moment.end is None:
                continue
            series = self.site.series_of(entry)
            if entry.talk.time or series is None:
                where: tuple[str, int] = (entry.docname, entry.lines.get("time", 1))
            else:
                where = (series.docname, series.lines.get("time", 1))
            warn(Subtype.BAD_TIME, clock_problem(entry.docname, moment), where)

    def _check_speaker_pages(self, speaker_ids: set[str]) -> None:
        """A hand-written ``speakers/<id>.md`` must name a speaker of some talk, or its details reach nobody."""
        for docname in sorted(self.speaker_pages):
            speaker_id = docname.rsplit("/", 1)[-1]
            if speaker_id in speaker_ids:
                continue
            close = difflib.get_close_matches(speaker_id, sorted(speaker_ids), n=1, cutoff=0.6)
            hint = f"; did you mean speakers/{close[0]}.md?" if close else ""
            warn(Subtype.UNKNOWN_SPEAKER, f"no talk has a speaker with id {speaker_id!r}{hint}", (docname, 1))

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
        """Resolve one role; warn (located at the role) when the target does not exist."""
        found = self.site.lookup(typ, target)
        if found is None:
            warn(Subtype.UNKNOWN_TARGET, f"unknown {typ} {target!r} in {{{typ}}} role", node)
            return None
        docname, title = found
        if not node.get("refexplicit"):  # what shows if the output does not hold the target: its title
            contnode.children = []
            contnode += nodes.Text(title)
        if not in_output(builder, docname):
            raise NoUri(docname, typ)  # singlehtml, latex: the text, with no link
        text = contnode if node.get("refexplicit") else nodes.inline(title, title, classes=["xref", f"seminar-{typ}"])
        return make_refnode(builder, fromdocname, docname, "", text, title)

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
        results = []
        for typ in ROLES:
            found = self.site.lookup(typ, target)
            if found is not None:
                docname, title = found
                ref = make_refnode(builder, fromdocname, docname, "", nodes.Text(title), title)
                results.append((f"seminar:{typ}", ref))
        return results

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Talks, speakers and series for ``objects.inv`` (intersphinx), not for the search index.

        Each has a page of its own, which the search index lists already; as objects they were listed
        a second time, as "Tri Dao (Seminar speaker, in Tri Dao)" with a link to an anchor that does not
        exist.  Priority -1 is Sphinx's "do not show in search".
        """
        for entry in sorted(self.talks.values(), key=lambda e: e.docname):
            yield (entry.slug, entry.talk.title, "talk", entry.docname, "", _NOT_IN_SEARCH)
        for speaker in self.site.speakers.values():  # collected once per build, not per call
            yield (speaker.id, speaker.name, "speaker", speaker.docname, "", _NOT_IN_SEARCH)
        for series in sorted(self.series.values(), key=lambda e: e.docname):
            yield (series.id, series.series.title, "series", series.docname, "", _NOT_IN_SEARCH)


def domain_of(env: BuildEnvironment) -> SeminarDomain:
    """The seminar domain of ``env``."""
    return cast(SeminarDomain, env.get_domain("seminar"))


def setup_domain(app: Sphinx) -> None:
    """Register the domain, and its roles under their public, unprefixed names too."""
    app.add_domain(SeminarDomain)
    for typ in ROLES:
        app.add_role(typ, SeminarXRefRole())
