"""Generated pages: one per speaker, the speaker and talk indexes, and one per tag.

They are built as doctrees from the talk metadata, written through the HTML builder's own page
template (``html-collect-pages``) and fed to the search index, so a speaker's name finds their
page.  Nothing is written into the source tree.  A hand-written ``speakers/<id>.md`` is a real
document instead; the generated content is appended to it
(:func:`seminar.pages.generated.fill_speaker_document`).  The pages are listed by
:func:`seminar.site.catalog.generated_pages` and their bodies made by
:mod:`seminar.pages.generated`.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.osutil import relative_uri
from sphinx.util.parallel import ParallelTasks, make_chunks

from ..domain.config import writes_generated_pages
from ..domain.domain import domain_of
from ..domain.state import build_state
from ..pages.generated import page_doctree
from ..rendering.renderer import Renderer
from ..site.catalog import GeneratedPage
from .search import keep_in_search_index


def _prepare(builder: StandaloneHTMLBuilder, name: str) -> None:
    """Set the builder's state for writing page ``name``, as ``write_doc`` does for a document.

    The translator reads the section and figure numbers and the image and download paths of
    the page being written.  A build that writes no document (a generated page deleted from the
    output, or left unwritten by an interrupted build) never ran ``write_doc``, so they must
    not be taken from the last document written, nor be missing.
    """
    uri = builder.get_target_uri(name)
    builder.secnumbers = builder.env.toc_secnumbers.get(name, {})
    builder.fignumbers = builder.env.toc_fignumbers.get(name, {})
    builder.imgpath = relative_uri(uri, builder.imagedir)
    builder.dlpath = relative_uri(uri, "_downloads")
    builder.current_docname = name


def _context(builder: StandaloneHTMLBuilder, page: GeneratedPage, doctree: nodes.document) -> dict[str, Any]:
    _prepare(builder, page.name)
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
        # What Sphinx's math renderers read to load MathJax on a page: Sphinx sets it from the
        # writer of a document, which these pages bypass (a bio on a speaker's page may hold math).
        "has_maths_elements": any(doctree.findall(_is_math)),
    }


def _is_math(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.math, nodes.math_block))


def _collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or not writes_generated_pages(builder):
        return  # singlehtml: its one page holds the documents of the toctree, and links to nothing else
    pages = domain_of(app.env).generated_pages
    wanted = build_state(app.env).plan.dirty_pages & set(pages)
    if builder.indexer is not None:
        keep_in_search_index(builder, set(pages))
    # An unchanged page keeps its file and its search-index entry (see :mod:`seminar.html.search`).
    todo = [p for p in pages.values() if p.name in wanted or not Path(builder.get_outfilename(p.name)).exists()]
    if builder.parallel_ok and len(todo) > 1:  # -j, and every extension is safe to write in parallel
        _write_in_parallel(builder, todo, app.parallel)
        return
    for page in todo:
        yield page.name, _context(builder, page, _indexed_doctree(builder, page)), "page.html"


def _indexed_doctree(builder: StandaloneHTMLBuilder, page: GeneratedPage) -> nodes.document:
    site = domain_of(builder.env).site
    doctree = page_doctree(Renderer(site, builder, page.name), page)
    if builder.indexer is not None:
        builder.indexer.feed(page.name, "", page.title, doctree)
    return doctree


def _write_in_parallel(builder: StandaloneHTMLBuilder, todo: list[GeneratedPage], nproc: int) -> None:
    """Write pages as Sphinx's ``-j`` writes documents: made and indexed here, rendered in forked processes.

    The generated pages are most of the pages at any size (one per speaker); writing them one by
    one in the main process, after every document, would leave the workers idle.
    """

    def write(chunk: list[tuple[GeneratedPage, nodes.document]]) -> None:
        for page, doctree in chunk:
            builder.handle_page(page.name, _context(builder, page, doctree), "page.html")

    by_name = {page.name: page for page in todo}
    tasks = ParallelTasks(nproc)
    for chunk in make_chunks(list(by_name), nproc):
        tasks.add_task(write, [(by_name[name], _indexed_doctree(builder, by_name[name])) for name in chunk])
    tasks.join()


def setup_generated(app: Sphinx) -> None:
    """Write the generated pages with the HTML builders."""
    app.connect("html-collect-pages", _collect_pages)
