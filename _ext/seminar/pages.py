"""Generated pages: one per speaker, the speaker and talk indexes, and one per tag.

They are built as doctrees from the talk metadata, written through the HTML builder's own page
template (``html-collect-pages``) and fed to the search index, so a speaker's name finds their
page.  Nothing is written into the source tree.  A hand-written ``speakers/<id>.md`` is a real
document instead; the generated content is appended to it (:func:`fill_speaker_document`).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.docutils import new_document
from sphinx.util.parallel import ParallelTasks, make_chunks

from .fingerprints import Inputs
from .listings import render_talk_list
from .nodes import detached
from .render import Renderer, compact_list, external, para, series_cards, speaker_index
from .search import keep_in_search_index
from .site import Site, Tag, site_of
from .speakers import SpeakerInfo


@dataclass
class GeneratedPage:
    """One page the extension makes: its name, title, and how to render its body and digest its inputs."""

    name: str
    title: str
    make_body: Callable[[], list[nodes.Node]]  # called only for a page that is written
    kind: str  # speaker | speakers | talks | tag | tags
    inputs: Callable[[Inputs], str]  # the digest of what it shows, to tell whether it changed

    def doctree(self) -> nodes.document:
        """The page as a document with one titled section; a fresh render, so its nodes need no copy."""
        document = new_document(self.name)
        section = nodes.section(ids=[self.name.rsplit("/", 1)[-1]], names=[nodes.fully_normalize_name(self.title)])
        section += nodes.title(self.title, self.title)
        section.extend(self.make_body())
        document += section
        return document


def speaker_body(r: Renderer, info: SpeakerInfo) -> list[nodes.Node]:
    """A speaker's details, affiliation history, talks and bios (newest first)."""
    out: list[nodes.Node] = []
    extra = info.page.page if info.page else None
    if extra and (extra.pronouns or extra.homepage):
        line = para(classes=["seminar-speaker-details"])
        if extra.pronouns:
            line += nodes.Text(f"Pronouns: {extra.pronouns}")
        if extra.homepage:
            if extra.pronouns:
                line += nodes.Text(" · ")
            line += external("Homepage", extra.homepage)
        out.append(line)
    history = info.affiliations()
    if history:
        out.append(nodes.rubric("Affiliations", "Affiliations"))
        listing = nodes.bullet_list(classes=["seminar-affiliations"])
        for item in reversed(history):
            span = f"{item.first:%b %Y}" if item.first == item.last else f"{item.first:%b %Y} – {item.last:%b %Y}"
            listing += nodes.list_item("", para(f"{item.name} ({span})"))
        out.append(listing)
    count = len(info.talks)
    heading = f"Talks ({count})"
    out.append(nodes.rubric(heading, heading))
    listing = compact_list(r, reversed(info.talks))
    for item, entry in zip(listing.children, reversed(info.talks), strict=True):
        series = r.site.series_of(entry)
        if series is not None:
            item[0] += nodes.Text(" · ")
            item[0] += r.link(series.series.title, series.docname, ["seminar-series-link"])
    out.append(listing)
    bios = [(entry, entry.bios[info.id]) for entry in reversed(info.talks) if entry.bios.get(info.id)]
    if bios:
        out.append(nodes.rubric("Bio", "Bio"))
        seen: set[str] = set()
        for entry, bio in bios:
            text = "".join(node.astext() for node in bio)
            if text in seen:
                continue  # the same bio given for two talks is shown once
            seen.add(text)
            box = nodes.container(classes=["seminar-bio"])
            moment = r.site.when(entry)
            box += para(
                "From ",
                r.link(entry.talk.title, entry.docname),
                f" ({moment.short_date()}):",
                classes=["seminar-bio-source"],
            )
            box.extend(detached(bio))
            out.append(box)
    return out


def fill_speaker_document(r: Renderer, doctree: nodes.document) -> None:
    """Append the generated speaker content to a hand-written ``speakers/<id>.md``."""
    info = r.site.speakers.get(r.docname.rsplit("/", 1)[-1])
    if info is None:
        return
    sections = list(doctree.findall(nodes.section))
    target = sections[0] if sections else doctree
    target.extend(speaker_body(r, info))


def generated_pages(site: Site, r_for: Any, documents: set[str]) -> Iterator[GeneratedPage]:
    """Every page the extension generates; ``r_for(name)`` gives the renderer for a page name."""
    for info in site.sorted_speakers():
        if info.docname not in documents:
            yield GeneratedPage(
                info.docname,
                info.name,
                partial(_speaker_page, r_for, info),
                "speaker",
                partial(Inputs.speaker, info=info),
            )
    yield GeneratedPage(
        "speakers/index", "Speakers", partial(_speaker_index, r_for, site), "speakers", _speaker_index_inputs
    )
    yield GeneratedPage("talks/index", "All talks", partial(_talk_index, r_for), "talks", _talk_index_inputs)
    if not site.tags:
        return
    for tag in site.tags.values():
        yield GeneratedPage(
            tag.docname,
            f"Talks tagged “{tag.label}”",
            partial(_tag_page, r_for, tag),
            "tag",
            partial(Inputs.tag, tag=tag),
        )
    yield GeneratedPage("tags/index", "Tags", partial(_tag_index, r_for, site), "tags", _tag_index_inputs)


# Page bodies, rendered only when the page is written.


def _speaker_page(r_for: Any, info: SpeakerInfo) -> list[nodes.Node]:
    return speaker_body(r_for(info.docname), info)


def _speaker_index(r_for: Any, site: Site) -> list[nodes.Node]:
    return speaker_index(r_for("speakers/index"), site.sorted_speakers())


def _talk_index(r_for: Any) -> list[nodes.Node]:
    r = r_for("talks/index")
    body = render_talk_list(r, {"series": "all", "group-by": "year", "style": "compact", "reverse": None})
    return [*series_cards(r), *body]


def _tag_page(r_for: Any, tag: Tag) -> list[nodes.Node]:
    options = {"series": "all", "tag": tag.id, "style": "compact", "reverse": None}
    return render_talk_list(r_for(tag.docname), options)


def _tag_index(r_for: Any, site: Site) -> list[nodes.Node]:
    r = r_for("tags/index")
    listing = nodes.bullet_list(classes=["seminar-tag-list"])
    for tag in site.tags.values():
        count = len(tag.talks)
        listing += nodes.list_item(
            "", para(r.link(tag.label, tag.docname), f" ({count} talk{'s' if count != 1 else ''})")
        )
    return [listing]


# What each page shows, for the incremental build (see :mod:`seminar.fingerprints`).


def _speaker_index_inputs(inputs: Inputs) -> str:
    return inputs.speaker_index


def _talk_index_inputs(inputs: Inputs) -> str:
    return inputs.talk_index


def _tag_index_inputs(inputs: Inputs) -> str:
    return inputs.tag_index


def _context(builder: StandaloneHTMLBuilder, page: GeneratedPage, doctree: nodes.document) -> dict[str, Any]:
    builder.current_docname = page.name
    body = builder.render_partial(doctree[0])["fragment"]
    return {
        "title": html.escape(page.title),
        "body": body,
        "toc": "",
        "display_toc": False,
        "meta": {"seminar-kind": page.kind},
        "metatags": "",
        "sourcename": "",
        "parents": [],
        "prev": None,
        "next": None,
        "rellinks": [],
        "page_source_suffix": "",
    }


def _collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    from .incremental import pages_to_write

    pages = built_pages(app)
    wanted = pages_to_write(app, pages)
    if builder.indexer is not None:
        keep_in_search_index(builder, set(pages))
    # An unchanged page keeps its file and its search-index entry (see :mod:`seminar.search`).
    todo = [p for p in pages.values() if p.name in wanted or not Path(builder.get_outfilename(p.name)).exists()]
    if builder.parallel_ok and len(todo) > 1:  # -j, and every extension is safe to write in parallel
        _write_in_parallel(builder, todo, app.parallel)
        return
    for page in todo:
        yield page.name, _context(builder, page, _indexed_doctree(builder, page)), "page.html"


def _indexed_doctree(builder: StandaloneHTMLBuilder, page: GeneratedPage) -> nodes.document:
    doctree = page.doctree()
    if builder.indexer is not None:
        builder.indexer.feed(page.name, "", page.title, doctree)
    return doctree


def _write_in_parallel(builder: StandaloneHTMLBuilder, todo: list[GeneratedPage], nproc: int) -> None:
    """Write pages as Sphinx's ``-j`` writes documents: made and indexed here, rendered in forked processes.

    The generated pages are most of the pages at any size (one per speaker); writing them one by
    one in the main process, after every document, was a fifth of a ``-j 2`` build at 1,000 talks.
    """

    def write(chunk: list[tuple[GeneratedPage, nodes.document]]) -> None:
        for page, doctree in chunk:
            builder.handle_page(page.name, _context(builder, page, doctree), "page.html")

    by_name = {page.name: page for page in todo}
    tasks = ParallelTasks(nproc)
    for chunk in make_chunks(list(by_name), nproc):
        tasks.add_task(write, [(by_name[name], _indexed_doctree(builder, by_name[name])) for name in chunk])
    tasks.join()


def built_pages(app: Sphinx) -> dict[str, GeneratedPage]:
    """The generated pages of this build, made once and cached for the rest of it."""
    site = site_of(app.env)
    cached: dict[str, GeneratedPage] | None = getattr(site, "pages_cache", None)
    if cached is None:
        documents = set(app.env.found_docs)
        cached = {
            page.name: page for page in generated_pages(site, lambda name: Renderer(site, app.builder, name), documents)
        }
        site.pages_cache = cached  # type: ignore[attr-defined]
    return cached


def setup_pages(app: Sphinx) -> None:
    """Write the generated pages with the HTML builders."""
    app.connect("html-collect-pages", _collect_pages)
