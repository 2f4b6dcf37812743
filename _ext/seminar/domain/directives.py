"""The directives: ``{abstract}`` and ``{bio}`` on talk pages, and the listing placeholders (``{featured-talk}`` too).

The abstract and bios are rendered where they stand and also kept, as nodes, in the talk's domain
entry, so speaker pages, feeds and exports reuse exactly what the talk page shows.  Their bodies are
Markdown without HTML (raw markup becomes text), and an empty one, as the scaffolder writes it,
renders nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..model.pagekinds import PageKind, page_kind
from ..model.slugs import page_id, slugify
from ..model.subtypes import Subtype
from ..site.entries import TalkEntry
from .domain import domain_of
from .nodes import (
    detached,
    featured_talk_placeholder,
    series_list_placeholder,
    speaker_list_placeholder,
    talk_list_placeholder,
)
from .report import warn
from .safety import raw_as_text, safe_copy

LARGE_ABSTRACT = 100 * 1024  # bytes; larger abstracts are accepted but warned about
_ABSTRACTS_SEEN = "seminar_abstracts_seen"  # env.temp_data key: {abstract} blocks read on this page so far
_INSIDE = "seminar_inside"  # env.temp_data key: the {abstract} or {bio} whose body is being parsed
_KEPT = "seminar_kept"  # env.temp_data key: the copies made on this page, finished once it is read


_Notes = nodes.footnote | nodes.footnote_reference


@dataclass
class _Kept:
    """A stored copy of an ``{abstract}`` or ``{bio}`` body, to finish once the page is read."""

    container: nodes.Element  # the block in the page
    copy: list[nodes.Node]  # the copy in the talk's entry
    speaker_id: str  # the bio's speaker; empty for the abstract
    notes: list[tuple[nodes.Element, nodes.Element]] = field(default_factory=list)
    """Each footnote and footnote reference of the body with its copy."""


class _TalkContentDirective(SphinxDirective):
    """Shared behaviour of ``{abstract}`` and ``{bio}``: parse the content, find the talk."""

    has_content = True

    def talk_entry(self) -> TalkEntry | None:
        """The entry of the talk page this directive is on, warning when it is not on one."""
        if page_kind(self.env.docname) is not PageKind.TALK:
            warn(
                Subtype.MISPLACED,
                f"{{{self.name}}} belongs on a talk page (talks/<YYYY>/<slug>.md)",
                self.get_location(),
            )
            return None
        return domain_of(self.env).talks.get(self.env.docname)

    def content_nodes(self) -> list[nodes.Node]:
        """The directive's body, parsed as MyST in place, with any raw markup turned into text.

        While it is parsed, a listing directive in it knows it is inside (see :func:`_outer_block`).
        """
        outer = self.env.temp_data.get(_INSIDE)
        self.env.temp_data[_INSIDE] = self.name
        try:
            return _raw_as_text(list(self.parse_content_to_nodes(allow_section_headings=False)))
        finally:
            self.env.temp_data[_INSIDE] = outer

    def keep(self, container: nodes.Element, body: list[nodes.Node], speaker_id: str = "") -> list[nodes.Node]:
        """A detached copy of ``body`` to store in the talk's entry; finished once the page is read.

        The copy is made now, from the body as parsed: what the page's transforms do to it later
        (smart quotes, say) stays on the talk page.  Its footnotes only exist once the page is read,
        so :func:`_finish_copies` completes the copy then, from ``container`` in the read page.
        """
        copy = detached(body)
        kept = _Kept(container, copy, speaker_id)
        originals = [note for node in body for note in _notes(node)]
        copies = [note for node in copy for note in _notes(node)]
        if len(originals) == len(copies):  # a copy leaves out system messages only, never a footnote
            kept.notes = list(zip(originals, copies, strict=True))
        pending: list[_Kept] = self.env.temp_data.get(_KEPT) or []
        pending.append(kept)
        self.env.temp_data[_KEPT] = pending
        return copy


def _notes(node: nodes.Node) -> list[nodes.Element]:
    """The footnotes and footnote references in ``node``, in document order."""
    if not isinstance(node, nodes.Element):
        return []
    return [n for n in node.findall(nodes.Element) if isinstance(n, _Notes)]


def _finish_copies(app: Sphinx, doctree: nodes.document) -> None:
    """Give the stored copies of a talk page's abstract and bios their footnotes (``doctree-read``).

    A footnote exists only once the page is read: MyST puts its text at the end of the page and
    docutils numbers it.  Each reference in a copy takes the number and target of the reference
    it copies, and the footnotes it points at are copied after the body, so a bio shown on a
    speaker page keeps its footnotes.  A reference to no footnote (docutils reported it) becomes
    its text.
    """
    pending: list[_Kept] = app.env.temp_data.get(_KEPT) or []
    app.env.temp_data[_KEPT] = []
    entry = domain_of(app.env).talks.get(app.env.docname)
    for kept in pending:
        for node in kept.copy:
            safe_copy(node)  # as the page's own links were checked (ContributedPageTransform)
        notes = _footnotes(kept, doctree)
        if entry is None or not notes:
            continue
        (entry.bios.get(kept.speaker_id, []) if kept.speaker_id else entry.abstract).extend(notes)


def _footnotes(kept: _Kept, doctree: nodes.document) -> list[nodes.Node]:
    """Finish the footnotes of ``kept.copy`` as docutils did the page's; return copies of those it lacks."""
    inside: set[str] = set()
    for original, copy in kept.notes:
        if isinstance(original, nodes.footnote):
            _take_attributes(original, copy)
            label = original.children[0] if original.children else None
            if isinstance(label, nodes.label) and not (copy.children and isinstance(copy[0], nodes.label)):
                copy.insert(0, detached([label])[0])
            inside.update(original["ids"])
    outside: dict[str, nodes.Element] = {}
    for original, copy in kept.notes:
        if not isinstance(original, nodes.footnote_reference):
            continue
        refid = original.get("refid")
        note = doctree.ids.get(refid) if refid else None
        if not isinstance(note, nodes.footnote) or not original.children:
            copy["ids"] = []  # docutils reported it
            copy.replace_self(nodes.Text(original.rawsource or original.astext()))
            continue
        _take_attributes(original, copy)
        copy.children = []
        copy += nodes.Text(original.astext())
        if refid not in inside:
            outside.setdefault(refid, note)
    return detached(list(outside.values()))


def _take_attributes(original: nodes.Element, copy: nodes.Element) -> None:
    """What docutils and Sphinx gave a footnote or a reference once the page was read: ids, target, page."""
    for key in ("ids", "backrefs", "refid", "docname"):
        if key in original:
            value = original[key]
            copy[key] = list(value) if isinstance(value, list) else value


def _is_empty(body: list[nodes.Node]) -> bool:
    """Nothing to show: no content, or only comments (such as a skeleton's ``% ...`` guidance)."""
    return all(isinstance(node, nodes.comment) for node in body)


def _raw_as_text(body: list[nodes.Node]) -> list[nodes.Node]:
    """``body`` with every raw node (inline HTML, ``{raw}``) replaced by its source as plain text.

    Abstracts and bios are text (CONTRIBUTING.md, "Abstract and bio text"): what a contributor types shows as
    typed, so ``<script>`` in a bio is displayed, escaped, never run.  The copies kept for speaker
    pages, feeds and exports are made from these nodes, so they are text too.
    """
    result: list[nodes.Node] = []
    for node in body:
        if isinstance(node, nodes.raw):
            result.append(raw_as_text(node, block=True))
            continue
        if isinstance(node, nodes.Element):
            for raw in list(node.findall(nodes.raw)):
                raw.replace_self(raw_as_text(raw, block=not isinstance(raw.parent, nodes.TextElement)))
        result.append(node)
    return result


class AbstractDirective(_TalkContentDirective):
    """``{abstract}``: the talk's abstract."""

    def run(self) -> list[nodes.Node]:
        entry = self.talk_entry()
        body = self.content_nodes()
        size = len("\n".join(self.content).encode("utf-8"))
        if size > LARGE_ABSTRACT:
            warn(
                Subtype.LARGE_ABSTRACT,
                f"the abstract is {size // 1024} KB; keep it under 100 KB (it is shown in feeds and exports)",
                self.get_location(),
            )
        if entry is not None:
            # Counted per page, so a second block is reported even when the first is still empty.
            seen = self.env.temp_data[_ABSTRACTS_SEEN] = int(self.env.temp_data.get(_ABSTRACTS_SEEN) or 0) + 1
            if seen > 1:
                warn(
                    Subtype.DUPLICATE_ABSTRACT,
                    "a talk has one {abstract}; merge this one into the first",
                    self.get_location(),
                )
        if _is_empty(body):
            return []  # not written yet (the scaffolder's skeleton): no "Abstract" heading over nothing
        container = nodes.container("", classes=["seminar-abstract"], ids=["abstract"])
        container += nodes.rubric("Abstract", "Abstract")
        container.extend(body)
        if entry is not None:
            entry.abstract = [*entry.abstract, *self.keep(container, body)]
        return [container]


class BioDirective(_TalkContentDirective):
    """``{bio} Name``: one speaker's bio; the name (or id) may be left out when the talk has one speaker."""

    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        entry = self.talk_entry()
        body = self.content_nodes()
        who = self.arguments[0].strip() if self.arguments else ""
        speaker_id, name = self._speaker(entry, who)
        if _is_empty(body):
            return []  # not written yet: no heading over nothing, and the next bio gets "About the speakers"
        container = nodes.container("", classes=["seminar-bio"], ids=[f"bio-{speaker_id or slugify(who) or 'speaker'}"])
        if entry is not None and speaker_id:
            entry.bios[speaker_id] = [*entry.bios.get(speaker_id, []), *self.keep(container, body, speaker_id)]
        first_bio = entry is None or len(entry.bios) <= (1 if speaker_id else 0)
        several = entry is not None and len(entry.talk.speakers) > 1
        # Several speakers' bios read as one "About the speakers" section, one heading on top.
        if not several:
            heading = f"About {name}" if name else "About the speaker"
            container += nodes.rubric(heading, heading)
        elif first_bio:
            container += nodes.rubric("About the speakers", "About the speakers")
        container.extend(body)
        return [container]

    def _speaker(self, entry: TalkEntry | None, who: str) -> tuple[str, str]:
        """The (id, name) of the speaker this bio is for, warning when it names nobody in the talk."""
        if entry is None:
            return slugify(who), who
        speakers = entry.talk.speakers
        if not who:
            if len(speakers) == 1:
                return speakers[0].speaker_id, speakers[0].name
            names = ", ".join(s.name for s in speakers)
            warn(
                Subtype.UNKNOWN_SPEAKER,
                f"this talk has several speakers; name one after {{bio}} ({names})",
                self.get_location(),
            )
            return "", ""
        for speaker in speakers:
            if who in (speaker.name, speaker.speaker_id) or page_id(who) == speaker.speaker_id:
                return speaker.speaker_id, speaker.name
        names = ", ".join(s.name for s in speakers)
        warn(
            Subtype.UNKNOWN_SPEAKER,
            f"{{bio}} names {who!r}, who is not a speaker of this talk ({names})",
            self.get_location(),
        )
        return "", who


class _Unchecked(dict[str, Any]):
    """An ``option_spec`` that passes every option through, known or not, as text.

    MyST would reject an unknown option or a bad value itself, as ``myst.directive_option``; the
    listing checks them in :meth:`_ListingDirective.checked_options` instead, so they are
    ``seminar.bad_option`` warnings like every other mistake in a page, in the site's words.
    """

    def __missing__(self, key: str) -> Any:
        return directives.unchanged


def _one_of(*values: str) -> Any:
    def check(value: str) -> str:
        if value not in values:
            raise ValueError(f"{value!r} is not one of {', '.join(values)}")
        return value

    return check


def _positive_int(value: str) -> int:
    if not value.strip().isdigit() or int(value) < 1:
        raise ValueError(f"{value!r} is not a positive whole number")
    return int(value)


def _required(value: str) -> str:
    if not value.strip():
        raise ValueError("needs a value")
    return value.strip()


class _ListingDirective(SphinxDirective):
    """A listing: leaves a placeholder with its options, recorded for incremental rebuilds."""

    node_class: ClassVar[type[nodes.Element]]
    option_spec: ClassVar[dict[str, Any]] = {}
    option_checks: ClassVar[dict[str, Any]] = {}  # option -> function from its text to its value

    def run(self) -> list[nodes.Node]:
        outer = self.env.temp_data.get(_INSIDE)
        if outer:
            # A bio or an abstract is copied to speaker pages, feeds and exports, where a listing has no place.
            warn(
                Subtype.MISPLACED,
                f"{{{self.name}}} cannot be inside {{{outer}}}; put it in the page, outside the block",
                self.get_location(),
            )
            return []
        options = self.checked_options()
        node = self.node_class()
        node["options"] = options
        node.source, node.line = self.get_source_info()
        domain_of(self.env).note_listing(self.env.docname, self.name, options)
        return [node]

    def checked_options(self) -> dict[str, Any]:
        """The options, converted; an unknown or bad one is warned about and left out (its default applies)."""
        options: dict[str, Any] = {}
        known = sorted(self.option_checks)
        for key, value in self.options.items():
            where = (self.env.docname, self._option_line(key))
            if key not in self.option_checks:
                hint = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                suggestion = f" (did you mean :{hint[0]}:?)" if hint else ""
                options_list = ", ".join(f":{k}:" for k in known)
                warn(
                    Subtype.BAD_OPTION,
                    f"{{{self.name}}} has no option :{key}:{suggestion}; known: {options_list}",
                    where,
                )
                continue
            try:
                options[key] = self.option_checks[key](value)
            except ValueError as err:
                warn(Subtype.BAD_OPTION, f"{{{self.name}}} :{key}: {err}", where)
        return options

    def _option_line(self, key: str) -> int:
        """The source line of ``:key:`` in this directive's options (else the directive's own line)."""
        first: int = self.lineno  # docutils types the directive's attributes loosely
        for offset, text in enumerate(str(self.block_text).splitlines()):
            if text.strip().startswith((f":{key}:", f"{key}:")):  # :key: lines, or a --- block of key: lines
                return first + offset
        return first


class TalkListDirective(_ListingDirective):
    """``{talk-list}``: talks as cards, a compact list or a schedule (options: REFERENCE.md, :mod:`seminar.site.query`)."""

    node_class = talk_list_placeholder
    option_checks: ClassVar[dict[str, Any]] = {
        "series": _required,
        "speaker": _required,
        "tag": _required,
        "when": _one_of("upcoming", "past", "all"),
        "limit": _positive_int,
        "reverse": lambda _value: None,  # a flag: present or not
        "group-by": _one_of("year", "quarter", "term", "series", "none"),
        "style": _one_of("cards", "compact", "schedule"),
    }
    option_spec: ClassVar[dict[str, Any]] = _Unchecked({"reverse": directives.flag})


class SpeakerListDirective(_ListingDirective):
    """``{speaker-list}``: every speaker A-Z with their latest affiliation and talk."""

    node_class = speaker_list_placeholder


class SeriesListDirective(_ListingDirective):
    """``{series-list}``: every series, newest first."""

    node_class = series_list_placeholder


class FeaturedTalkDirective(_ListingDirective):
    """``{featured-talk}``: the next talk as a card (else the latest), then "Subscribe to all talks"."""

    node_class = featured_talk_placeholder
    has_content = True  # so that content is this site's warning, not a docutils error
    option_checks: ClassVar[dict[str, Any]] = {"series": _required}
    option_spec: ClassVar[dict[str, Any]] = _Unchecked(
        {"series": directives.unchanged}
    )  # not empty: MyST reads options then

    def run(self) -> list[nodes.Node]:
        if self.content:
            warn(
                Subtype.BAD_OPTION,
                f"{{{self.name}}} takes no content; it shows the next talk from the site's data (left out)",
                self.get_location(),
            )
        return super().run()


def setup_directives(app: Sphinx) -> None:
    """Register the directives under their public names."""
    app.add_directive("abstract", AbstractDirective)
    app.add_directive("bio", BioDirective)
    app.add_directive("talk-list", TalkListDirective)
    app.add_directive("speaker-list", SpeakerListDirective)
    app.add_directive("series-list", SeriesListDirective)
    app.add_directive("featured-talk", FeaturedTalkDirective)
    app.connect("doctree-read", _finish_copies)
