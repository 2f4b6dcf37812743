"""The search index: generated pages in it, kept across builds, and stemming done once per word.

Sphinx indexes source documents only, and prunes its index to them; the generated pages
(:mod:`seminar.pages`) are fed to it by hand and must survive both the pruning of this build and
the loading of the last one.  A build that changes nothing leaves the index file as it is.
Stemming every word of every page is the largest single cost of a build; Sphinx memoises the
stemmer per page only, so the same words are stemmed again on each.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.search import IndexBuilder


def keep_in_search_index(builder: StandaloneHTMLBuilder, names: set[str]) -> None:
    """Stop Sphinx from pruning the generated pages out of the search index.

    ``dump_search_index`` prunes the index to ``env.all_docs`` (source documents) just before
    writing it, which would drop every page fed here; Sphinx has no event in between, so the
    indexer of this build is told to keep them as well.
    """
    indexer = builder.indexer
    assert indexer is not None
    prune = indexer.prune

    def prune_keeping_generated(docnames: Any) -> None:
        prune([*docnames, *names])

    indexer.prune = prune_keeping_generated  # type: ignore[method-assign]


def _load_indexer_keeping_unchanged(app: Sphinx) -> None:
    """Keep the previous build's search entries of generated pages this build does not rewrite.

    Sphinx loads the last search index and prunes it to the source documents that are not
    rebuilt, which would drop every generated page and force feeding all of them again on each
    build (stemming their text is most of a no-op build).  The builder's loader is wrapped so the
    pages that stay as they were keep their entries; only rewritten pages are fed again.  The
    loader runs once per build, right after the indexer is made, so it also memoises the stemmer.
    When the build changes nothing the site shows, the index is neither loaded nor written.
    """
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return
    from .incremental import outputs_unchanged, unchanged_pages

    load = builder.load_indexer
    dump = builder.dump_search_index
    skip_dump = False

    def load_indexer(docnames: Any) -> None:
        nonlocal skip_dump
        indexer = builder.indexer
        assert indexer is not None
        _memoise_stemmer(indexer)
        # A build that changed nothing the site shows writes no page: the index on disk is what
        # Sphinx would load, prune to the same pages and write again (a quarter of a no-op build).
        skip_dump = not docnames and outputs_unchanged(app) and _index_path(builder).is_file()
        if skip_dump:
            return
        prune = indexer.prune
        kept = unchanged_pages(app, builder)

        def prune_keeping_unchanged(docnames: Any) -> None:
            prune([*docnames, *kept])

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


def setup_search(app: Sphinx) -> None:
    """Keep generated pages in the search index and memoise the stemmer."""
    app.connect("builder-inited", _load_indexer_keeping_unchanged)
