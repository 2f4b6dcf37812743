"""The search index: generated pages in it, kept across builds, and stemming done once per word.

This is the one module that replaces methods of Sphinx's objects, because Sphinx has no event for
what it needs:

- Sphinx indexes source documents only, and prunes its index to them just before writing it
  (``StandaloneHTMLBuilder.dump_search_index``); the generated pages (:mod:`seminar.html.generated`)
  are fed to it by hand and must survive that pruning (:func:`keep_in_search_index`).
- Sphinx loads the last build's index and prunes it to the documents not rebuilt
  (``load_indexer``), which would drop every generated page and force feeding all of them again
  on each build; pages this build does not rewrite keep their entries instead.  A build that
  changes nothing the site shows neither loads nor writes the index.
- The stemmer is memoised per page by Sphinx; it is memoised per build here.
- Sphinx's search page makes each result's snippet from the text of the page's main content
  (``Search.htmlToText`` in ``searchtools.js``), which on a talk page is the run-on of its header;
  ``static/seminar-search.js``, linked from the search page only, wraps that function so the
  snippet comes from the abstract, the bio or the page's own paragraphs (:func:`_snippet_script`).

Each replacement is made on this build's builder or indexer object (never on a class), wraps the
method it replaces and calls it.  They are made only with the Sphinx versions they were checked
against (:data:`SUPPORTED`); with any other, Sphinx's own behaviour stands (generated pages are
then missing from search results) and ``tests/test_search_hooks.py`` fails until the hooks are
checked against the new version.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import sphinx
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.search import IndexBuilder
from sphinx.util import logging

from ..domain.state import build_state
from ..incremental.planner import unchanged_generated_pages

SUPPORTED = ((9, 0), (9, 1))
"""The ``(major, minor)`` Sphinx versions whose search code (Python and ``searchtools.js``) the hooks were checked against."""

SNIPPET_SCRIPT = "seminar-search.js"
"""The search page's script that takes result snippets from abstracts and bios (``html/static/``)."""

logger = logging.getLogger(__name__)


def hooks_apply() -> bool:
    """Whether this Sphinx is one the hooks were checked against."""
    return tuple(sphinx.version_info[:2]) in SUPPORTED


def keep_in_search_index(builder: StandaloneHTMLBuilder, names: set[str]) -> None:
    """Stop Sphinx from pruning the generated pages ``names`` out of this build's search index.

    ``dump_search_index`` prunes the index to ``env.all_docs`` (source documents) just before
    writing it, which would drop every page fed here; the indexer of this build is told to keep
    them as well.
    """
    indexer = builder.indexer
    if indexer is None or not hooks_apply():
        return
    prune = indexer.prune

    def prune_keeping_generated(docnames: Any) -> None:
        prune({*docnames, *names})  # a set: Sphinx intersects every word's pages with it
        _drop_unused_words(indexer)

    indexer.prune = prune_keeping_generated  # type: ignore[method-assign]


def _drop_unused_words(indexer: IndexBuilder) -> None:
    """Forget the words no page has any more, which a clean build never saw.

    Sphinx's prune empties a word's set of pages but keeps the word: an edit that takes a word's
    last use out of a page left ``"word": []`` in ``searchindex.js``, so the incremental index
    was not the clean one.
    """
    for mapping in (indexer._mapping, indexer._title_mapping):
        for word in [word for word, pages in mapping.items() if not pages]:
            del mapping[word]


def _hook_index_loading(app: Sphinx) -> None:
    """Keep the search entries of generated pages this build does not rewrite; skip a no-op build's index.

    The builder's loader runs once per build, right after the indexer is made, so it also memoises
    the stemmer.  When the build changes nothing the site shows, the index on disk is what Sphinx
    would load, prune to the same pages and write again, so it is neither loaded nor written.
    """
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    if not hooks_apply():
        logger.info("seminar: search-index hooks not checked against Sphinx %s; using Sphinx's own", sphinx.__version__)
        return
    load = builder.load_indexer
    dump = builder.dump_search_index
    skip_dump = False

    def load_indexer(docnames: Any) -> None:
        nonlocal skip_dump
        indexer = builder.indexer
        if indexer is None:  # Sphinx made none: nothing to keep
            load(docnames)
            return
        _memoise_stemmer(indexer)
        skip_dump = not docnames and build_state(app.env).plan.unchanged and _index_path(builder).is_file()
        if skip_dump:
            return
        prune = indexer.prune
        kept = unchanged_generated_pages(app.env, builder)

        def prune_keeping_unchanged(docnames: Any) -> None:
            prune({*docnames, *kept})  # a set: Sphinx intersects every word's pages with it

        indexer.prune = prune_keeping_unchanged  # type: ignore[method-assign]
        try:
            load(docnames)
        finally:
            del indexer.prune  # back to the class's method; keep_in_search_index installs its own later

    def dump_search_index() -> None:
        if not skip_dump:
            dump()

    builder.load_indexer = load_indexer  # type: ignore[method-assign]
    builder.dump_search_index = dump_search_index  # type: ignore[method-assign]


def _index_path(builder: StandaloneHTMLBuilder) -> Path:
    return Path(builder.outdir) / builder.searchindex_filename


def _memoise_stemmer(indexer: IndexBuilder) -> None:
    """Stem each distinct word once per build instead of once per page (the stemmer is pure)."""
    lang = indexer.lang
    lang.stem = functools.lru_cache(maxsize=1 << 17)(lang.stem)  # type: ignore[method-assign]


def _snippet_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """Link the snippet script from the search page, after ``searchtools.js`` (deferred), whose function it wraps.

    Called during ``html-page-context``, :meth:`Sphinx.add_js_file` adds the script to this page only.
    """
    if templatename == "search.html" and hooks_apply():
        app.add_js_file(SNIPPET_SCRIPT, loading_method="defer")


def setup_search(app: Sphinx) -> None:
    """Hook the search index's loading and writing when the builder is made; snippets from abstracts and bios."""
    app.connect("builder-inited", _hook_index_loading)
    app.connect("html-page-context", _snippet_script)
