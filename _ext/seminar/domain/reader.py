"""Reading talk, series and speaker pages: front matter into the domain, title and placeholders into the doctree.

At ``source-read`` the front matter of the extension's own pages is parsed (with line numbers),
validated against :mod:`seminar.model.metadata` and stored in the domain; problems become located warnings.
The topic vocabulary (``tags.yaml``) is read here too, once a build.
A transform then gives each talk page its H1 (the title, as text: never parsed as Markup) and
placeholders for the header and footer, which :mod:`seminar.html.placeholders` fills once every talk is known.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import sphinx
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..model import frontmatter
from ..model.messages import bad_file_name, missing_front_matter, reserved_document
from ..model.metadata import M, SeriesPage, SpeakerPage, Talk, one_line, reserved_ids, validate
from ..model.pagekinds import RESERVED_DOCUMENTS, PageKind, page_kind
from ..model.slugs import SLUG, slugify
from ..model.subtypes import Subtype
from ..model.vocabulary import VOCABULARY_FILE, read_vocabulary
from ..site.entries import SeriesEntry, SpeakerPageEntry, TalkEntry
from .domain import domain_of
from .files import photo_problem
from .nodes import (
    series_header_placeholder,
    talk_footer_placeholder,
    talk_header_placeholder,
    talk_video_placeholder,
)
from .report import warn
from .safety import PHOTO
from .state import build_state

_TEMP_TITLE = "seminar_title"
_ADDED_SERIES = "seminar_series"  # the toctree entries the extension added, kept on the toctree node


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    kind = page_kind(docname)
    if kind is PageKind.OTHER or not str(app.env.doc2path(docname)).endswith(".md"):
        return
    name = docname.rsplit("/", 1)[-1]
    if kind in (PageKind.TALK, PageKind.SERIES) and not SLUG.match(name):
        # The name is the page's URL and a talk's slug and uid seed: a '#' or '?' in it would cut links.
        warn(Subtype.BAD_VALUE, bad_file_name(kind, name), (docname, 1))
    fm, body = frontmatter.split(source[0])
    if fm is None:
        if kind is not PageKind.SPEAKER:
            warn(Subtype.MISSING_KEY, missing_front_matter(kind), (docname, 1))
        fm = frontmatter.FrontMatter()
    source[0] = body
    if fm.error:
        warn(Subtype.YAML, fm.error, (docname, fm.error_line))
    if kind is PageKind.TALK:
        app.env.metadata[docname]["orphan"] = True  # talks are reached through listings, not the toctree
        _read_talk(app, docname, fm)
    elif kind is PageKind.SERIES:
        _read_series(app, docname, fm)
    else:
        app.env.metadata[docname]["orphan"] = True  # reached from the talks and the speaker index
        _read_speaker(app, docname, fm)


def _report(docname: str, fm: frontmatter.FrontMatter, issues: list[Any]) -> None:
    for issue in issues:
        warn(issue.subtype, issue.message, (docname, fm.line_of(issue.path)))


def _read_talk(app: Sphinx, docname: str, fm: frontmatter.FrontMatter) -> None:
    # The heading of a talk the model refuses: its title as the model reads text (one line, only characters).
    raw_title = fm.data.get("title")
    title = one_line(raw_title).strip() if isinstance(raw_title, str) else ""
    app.env.temp_data[_TEMP_TITLE] = title or None
    talk = _validated(Talk, docname, fm)
    if talk is None:
        return
    # An unknown series is reported once every page is read (SeminarDomain.check_consistency): its page may come later.
    _report(docname, fm, reserved_ids(talk))
    lines = {key[0]: line for key, line in fm.lines.items() if len(key) == 1 and isinstance(key[0], str)}
    for index, _speaker in enumerate(talk.speakers):
        lines[f"speakers.{index}"] = fm.line_of(("speakers", index))
    for index, _tag in enumerate(talk.tags):  # an unknown topic is reported at its item
        lines[f"tags.{index}"] = fm.line_of(("tags", index))
    domain_of(app.env).note_talk(TalkEntry(docname=docname, talk=talk, lines=lines))


def _read_series(app: Sphinx, docname: str, fm: frontmatter.FrontMatter) -> None:
    page = _validated(SeriesPage, docname, fm)
    if page is not None:
        lines = {str(key[1]): line for key, line in fm.lines.items() if len(key) == 2 and key[0] == "series"}
        raw = fm.data.get("series")
        breaks = raw.get("breaks") if isinstance(raw, dict) else None
        for index, item in enumerate(breaks if isinstance(breaks, list) else []):
            if isinstance(item, dict):  # by date: a bad break is dropped, so indexes shift
                lines.setdefault(f"breaks {item.get('date')}", fm.line_of(("series", "breaks", index)))
        lines |= {
            f"courses.{i}.url": fm.line_of(("series", "courses", i, "url")) for i in range(len(page.series.courses))
        }
        domain_of(app.env).note_series(SeriesEntry(docname=docname, series=page.series, lines=lines))


def _read_speaker(app: Sphinx, docname: str, fm: frontmatter.FrontMatter) -> None:
    page = _validated(SpeakerPage, docname, fm)
    if page is not None:
        lines = {key[0]: line for key, line in fm.lines.items() if len(key) == 1 and isinstance(key[0], str)}
        domain_of(app.env).note_speaker_page(SpeakerPageEntry(docname=docname, page=page, lines=lines))


def _validated(model: type[M], docname: str, fm: frontmatter.FrontMatter) -> M | None:
    """The page's front matter as ``model`` (``None`` when it cannot be), each problem warned at its line."""
    if fm.error:
        return None
    page, issues = validate(model, fm.data)
    _report(docname, fm, issues)
    return page


class TalkPageTransform(SphinxTransform):
    """Give a talk page its title section, header and footer placeholders.

    The title comes from the front matter as plain text, so Markup in a title shows as written.
    It runs after the DocInfo transform (priority 340) and before Sphinx collects titles.
    """

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        if page_kind(docname) is not PageKind.TALK or _TEMP_TITLE not in self.env.temp_data:
            return
        entry = domain_of(self.env).talks.get(docname)
        title = entry.talk.title if entry else (self.env.temp_data.get(_TEMP_TITLE) or docname.rsplit("/", 1)[-1])
        section = nodes.section()
        section["names"].append(nodes.fully_normalize_name(title))
        section["ids"].append(slugify(title) or "talk")
        section += nodes.title(title, title)
        section += talk_header_placeholder()
        section += talk_video_placeholder()
        for child in list(self.document.children):
            if isinstance(child, (nodes.docinfo, nodes.field_list, nodes.comment, nodes.target)):
                continue
            self.document.remove(child)
            section += child
        section += talk_footer_placeholder()
        self.document += section


class SpeakerPageTransform(SphinxTransform):
    """Give a hand-written speaker page its title (the ``name:`` in its front matter, else its id) and photo."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        if page_kind(docname) is not PageKind.SPEAKER:
            return
        entry = domain_of(self.env).speaker_pages.get(docname)
        speaker_id = docname.rsplit("/", 1)[-1]
        title = (entry.page.name if entry else None) or speaker_id.replace("-", " ").title()
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None:
            section = nodes.section(ids=[speaker_id], names=[nodes.fully_normalize_name(title)])
            section += nodes.title(title, title)
            for child in list(self.document.children):
                if not isinstance(child, (nodes.docinfo, nodes.comment, nodes.target)):
                    self.document.remove(child)
                    section += child
            self.document += section
        if entry and entry.page.photo:
            problem = photo_problem(self.env, docname, entry.page.photo)
            if problem is not None:
                warn(*problem, (docname, entry.lines.get("photo", 1)))
                return
            # An image node at read time, so Sphinx copies a local photo into _images/ like any image;
            # the page's other images are refused (seminar.domain.safety), this one is checked here.
            photo = nodes.image(uri=entry.page.photo, alt=title, classes=["seminar-speaker-photo"])
            self.env.temp_data[PHOTO] = photo
            section.insert(1, photo)


class SeriesPageTransform(SphinxTransform):
    """Put the series header placeholder under a series page's H1."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        if page_kind(self.env.docname) is not PageKind.SERIES:
            return
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None or not isinstance(section[0], nodes.title):
            warn(Subtype.MISSING_KEY, "a series page starts with its title as an H1 (# Title)", (self.env.docname, 1))
            self.document.insert(0, series_header_placeholder())
            return
        section.insert(1, series_header_placeholder())


class FrontMatterLinksForLinkcheck(SphinxPostTransform):
    """Show the ``linkcheck`` builder the links of the front matter, each at the line of its key.

    A talk's recording, livestream and slides, a series' course pages and a speaker's homepage
    are shown by the page's header, which is rendered only at ``doctree-resolved``: after the
    builder collects a page's links (its post-transform of priority 800).  So for that builder
    alone (it writes no page) they are added to the doctree as links beforehand.
    """

    builders = ("linkcheck",)
    default_priority = 790

    def run(self, **kwargs: Any) -> None:
        docname = self.env.docname
        domain = domain_of(self.env)
        links: list[tuple[str | None, int]] = []
        talk = domain.talks.get(docname)
        if talk is not None:
            links += [
                (getattr(talk.talk, key), talk.lines.get(key, 1)) for key in ("recording", "livestream", "slides")
            ]
        series = domain.series.get(docname)
        if series is not None:
            for index, course in enumerate(series.series.courses):
                links.append((course.url, series.lines.get(f"courses.{index}.url", 1)))
        speaker = domain.speaker_pages.get(docname)
        if speaker is not None:
            links.append((speaker.page.homepage, speaker.lines.get("homepage", 1)))
        holder = nodes.container()
        for url, line in links:
            if url:
                reference = nodes.reference(url, url, refuri=url)
                reference.source, reference.line = str(self.env.doc2path(docname)), line
                holder += reference
        if holder.children:
            self.document += holder


SERIES_LISTING_CHECKED = ((9, 0), (9, 1))
"""The ``(major, minor)`` Sphinx versions whose private doctree caches :func:`list_series_in_root` updates.

It writes the root document's doctree back into ``BuildEnvironment._write_doc_doctree_cache``,
``_pickled_doctree_cache`` and the ``master_doctree`` cached property; with another Sphinx it does
nothing, and a series page must be listed in the root document's toctree by hand, as before
(``tests/test_series_listing.py`` fails until the function is checked against the new version).
"""


def series_listing_applies(env: BuildEnvironment) -> bool:
    """Whether this Sphinx is one :func:`list_series_in_root` was checked against, and has what it updates."""
    checked = tuple(sphinx.version_info[:2]) in SERIES_LISTING_CHECKED
    return checked and hasattr(env, "_write_doc_doctree_cache") and hasattr(env, "_pickled_doctree_cache")


def list_series_in_root(env: BuildEnvironment, series: list[str]) -> bool:
    """Put the series pages ``series`` (newest first) in the root document's toctree; whether it changed.

    A series is in the navigation from its file alone: the ones the root document's toctrees do
    not list are appended to its last hidden toctree (else its last toctree), in the order given,
    after reading, when every talk and so the order is known.  The entries added are recorded on
    the node, so the next build replaces them (a series removed, the order changed) and leaves the
    entries written by hand alone.  The root's doctree is written back, so a build that does not
    read the root document again still finds them, and Sphinx's toctree records (what the
    consistency check, the navigation and the relations read) follow.  A root document without a
    toctree gets a hidden one.
    """
    root = str(env.config.root_doc)
    if root not in env.all_docs or not series_listing_applies(env):
        return False
    cached = env._write_doc_doctree_cache.get(root)
    doctree = cached if cached is not None else env.get_doctree(root)
    toctrees = list(doctree.findall(addnodes.toctree))
    if not toctrees and not series:
        return False
    if not toctrees:  # a hidden toctree of the extension's, as ``:hidden:`` alone would make
        toctree = addnodes.toctree(
            parent=root, entries=[], includefiles=[], maxdepth=-1, caption=None, glob=False, hidden=True,
            includehidden=False, numbered=0, titlesonly=False,
        )  # fmt: skip
        doctree += nodes.compound("", toctree, classes=["toctree-wrapper"])
        toctrees = [toctree]
    target = next((t for t in reversed(toctrees) if t.get("hidden")), toctrees[-1])
    before = list(target.get(_ADDED_SERIES, []))
    by_hand = {entry[1] for toctree in toctrees for entry in toctree["entries"]} - set(before)
    wanted = [docname for docname in series if docname not in by_hand]
    if wanted == before:
        return False
    target["entries"] = [e for e in target["entries"] if e[1] not in before] + [(None, d) for d in wanted]
    target["includefiles"] = [d for d in target["includefiles"] if d not in before] + wanted
    target[_ADDED_SERIES] = wanted
    env.toctree_includes[root] = [d for toctree in toctrees for d in toctree["includefiles"]]
    for docname in set(before) - set(wanted):
        env.files_to_rebuild.get(docname, set()).discard(root)
    for docname in wanted:
        env.files_to_rebuild.setdefault(docname, set()).add(root)
    # Sphinx keeps the doctree in three places: the file (later builds), the pickled bytes and
    # the resolved root doctree it caches for the navigation (this build).
    settings, reporter, transformer = doctree.settings, doctree.reporter, doctree.transformer
    doctree.settings = settings.copy()
    doctree.settings.env = doctree.settings.warning_stream = doctree.settings.record_dependencies = None
    doctree.reporter = doctree.transformer = None
    serialized = pickle.dumps(doctree, pickle.HIGHEST_PROTOCOL)
    doctree.settings, doctree.reporter, doctree.transformer = settings, reporter, transformer
    (Path(env.doctreedir) / f"{root}.doctree").write_bytes(serialized)
    env._pickled_doctree_cache[root] = serialized
    env.__dict__.pop("master_doctree", None)
    return True


def _leave_out_reserved(app: Sphinx, config: Config) -> None:
    """Never read ``talks/index.md``, ``speakers/index.md`` or ``tags/index.md``: generated indexes take their place.

    Written as well, such a page and the index would take turns in one file, whichever a build
    wrote last; :func:`_warn_reserved` says why it is left out.
    """
    config.exclude_patterns = [*config.exclude_patterns, *(f"{docname}.*" for docname in RESERVED_DOCUMENTS)]


def _warn_reserved(app: Sphinx) -> None:
    for docname in RESERVED_DOCUMENTS:
        for path in sorted(Path(app.srcdir).glob(f"{docname}.*")):
            if path.suffix in app.config.source_suffix:  # a source file, not a document: located by its path
                warn(Subtype.RESERVED_NAME, reserved_document(docname), f"{path}:1")


def _read_vocabulary(app: Sphinx) -> None:
    """Read the topic vocabulary (``tags.yaml``) once a build, each problem warned at its line of the file.

    Every build reads it (it is small) and checks the talks' tags against it after reading
    (:meth:`SeminarDomain.check_consistency`); what pages show of it reaches their fingerprints
    through the :class:`~seminar.site.indexes.Site`, so an edit rewrites those pages.
    """
    vocabulary, problems = read_vocabulary(Path(app.srcdir))
    for problem in problems:
        warn(problem.subtype, problem.message, f"{Path(app.srcdir) / VOCABULARY_FILE}:{problem.line}")
    build_state(app.env).vocabulary = vocabulary


def setup_reader(app: Sphinx) -> None:
    """Connect the front-matter reader and the talk-page transform."""
    app.connect("config-inited", _leave_out_reserved)
    app.connect("builder-inited", _warn_reserved)
    app.connect("builder-inited", _read_vocabulary)
    app.connect("source-read", _on_source_read)
    app.add_transform(TalkPageTransform)
    app.add_transform(SeriesPageTransform)
    app.add_transform(SpeakerPageTransform)
    app.add_post_transform(FrontMatterLinksForLinkcheck)
