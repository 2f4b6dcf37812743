"""The search-index hooks of :mod:`seminar.html.search` against the installed Sphinx.

The hooks replace Sphinx methods on this build's builder and indexer, relying on code of Sphinx
that is no public API.  These tests fail loudly when a new Sphinx changes it: the version must be
one the hooks were checked against, the Sphinx code they wrap must still read as they assume,
and a build must still put the generated pages in ``searchindex.js`` and keep them there.
Without the hooks (any other Sphinx) a build still works, with Sphinx's own behaviour: generated
pages are missing from the index.
"""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import pytest
import sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.search import IndexBuilder, SearchLanguage

from seminar.html import search
from sitebuild import Build, build, copy_root, edit

GENERATED = "speakers/dan-fu"  # a generated page: tests/roots/test-basic has no speakers/dan-fu.md


pytestmark = pytest.mark.usefixtures("as_of_nov_14_2023")  # the build's "today": 2023-11-14


def indexed(b: Build) -> list[str]:
    """The document names in the written ``searchindex.js`` (``Search.setIndex({...})``)."""
    raw = (b.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert raw.startswith("Search.setIndex(") and raw.rstrip().endswith(")"), raw[:40]
    docnames: list[str] = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])["docnames"]
    return docnames


# -- the Sphinx version and the code the hooks wrap ------------------------------------------


def test_installed_sphinx_is_supported() -> None:
    version = tuple(sphinx.version_info[:2])
    assert version in search.SUPPORTED, (
        f"Sphinx {sphinx.__version__} is not in seminar.html.search.SUPPORTED {search.SUPPORTED}: the search-index "
        "hooks are off with it. Check seminar/html/search.py against the new Sphinx (the tests below name "
        f"what the hooks rely on), then add {version} to SUPPORTED."
    )
    assert search.hooks_apply()


@pytest.mark.parametrize(
    ("method", "calls"),
    [
        # The whole index is pruned to the source documents just before it is written.
        ("dump_search_index", "self.indexer.prune(self.env.all_docs)"),
        # The last build's index is loaded, then pruned to the documents not rebuilt.
        ("load_indexer", "self.indexer.prune("),
        # The indexer is made, then the loader is called through the builder object.
        ("prepare_writing", "self.load_indexer(docnames)"),
        # The index is written through the builder object, after html-collect-pages.
        ("handle_finish", "self.dump_search_index"),
    ],
)
def test_sphinx_code_the_hooks_wrap(method: str, calls: str) -> None:
    found = getattr(StandaloneHTMLBuilder, method, None)
    assert found is not None, f"StandaloneHTMLBuilder.{method} is gone: check seminar/html/search.py"
    assert calls in inspect.getsource(found), (
        f"StandaloneHTMLBuilder.{method} no longer does {calls}: check seminar/html/search.py"
    )


def test_load_indexer_takes_the_rebuilt_docnames() -> None:
    assert list(inspect.signature(StandaloneHTMLBuilder.load_indexer).parameters) == ["self", "docnames"]


def test_index_builder_prune_takes_docnames_only() -> None:
    assert list(inspect.signature(IndexBuilder.prune).parameters) == ["self", "docnames"]


def test_builder_names_its_index_file() -> None:
    assert StandaloneHTMLBuilder.searchindex_filename == "searchindex.js"


def test_indexer_language_has_a_stem_method() -> None:
    assert "self.lang" in inspect.getsource(IndexBuilder.__init__)
    assert list(inspect.signature(SearchLanguage.stem).parameters) == ["self", "word"]


SEARCHTOOLS = Path(sphinx.__file__).parent / "themes" / "basic" / "static" / "searchtools.js"


@pytest.mark.parametrize(
    "code",
    [
        # The function the snippet script wraps: a result page's HTML (and the result's anchor) to its text.
        "htmlToText: (htmlString, anchor) => {",
        # Snippets are made from that text, called through the Search object (so the wrapper is used).
        "const text = Search.htmlToText(htmlText, anchor);",
        # The summary of each result is made from the fetched page and the result's anchor.
        "Search.makeSearchSummary(data, searchTerms, anchor)",
        # The Search object is a global the script can reach, set up before the page is ready.
        "const Search = {",
        "_ready(Search.init);",
    ],
)
def test_searchtools_code_the_snippet_script_wraps(code: str) -> None:
    assert code in SEARCHTOOLS.read_text(encoding="utf-8"), (
        f"searchtools.js no longer has {code!r}: check seminar/html/static/seminar-search.js"
    )


# -- builds ----------------------------------------------------------------------------------


@pytest.fixture
def src(tmp_path: Path) -> Path:
    return copy_root("basic", tmp_path)


def test_generated_page_is_in_the_search_index(src: Path, tmp_path: Path) -> None:
    assert not (src / f"{GENERATED}.md").exists()
    assert GENERATED in indexed(build(src, tmp_path / "out", fresh=True))


def test_rebuild_with_no_change_keeps_the_index(src: Path, tmp_path: Path) -> None:
    first = build(src, tmp_path / "out", fresh=True)
    before = (first.outdir / "searchindex.js").read_bytes()
    again = build(src, tmp_path / "out")
    assert GENERATED in indexed(again)
    assert (again.outdir / "searchindex.js").read_bytes() == before


def test_rebuild_of_another_page_keeps_the_unchanged_generated_page(src: Path, tmp_path: Path) -> None:
    build(src, tmp_path / "out", fresh=True)
    edit(src / "index.md", "Upcoming:", "Coming up:")
    again = build(src, tmp_path / "out")
    assert "index" in again.written and GENERATED not in again.written  # not fed to the indexer again
    assert GENERATED in indexed(again)


def test_the_snippet_script_is_linked_from_the_search_page_only(src: Path, tmp_path: Path) -> None:
    b = build(src, tmp_path / "out", fresh=True)
    assert (b.outdir / "_static" / search.SNIPPET_SCRIPT).is_file()
    linking = {page for page, html in b.html().items() if search.SNIPPET_SCRIPT.encode() in html}
    assert linking == {"search.html"}
    # Deferred: the theme links it before searchtools.js, whose Search object it needs.
    html = (b.outdir / "search.html").read_text(encoding="utf-8")
    tag = re.search(rf"<script[^>]*{re.escape(search.SNIPPET_SCRIPT)}[^>]*>", html)
    assert tag is not None and "defer" in tag[0]


def test_without_the_hooks_a_build_works_but_misses_generated_pages(
    src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback with a Sphinx not in ``SUPPORTED``: Sphinx prunes the generated pages out of its index."""
    monkeypatch.setattr(search, "hooks_apply", lambda: False)
    b = build(src, tmp_path / "out", fresh=True)  # raises if the build fails
    assert b.warnings == ""
    assert (b.outdir / f"{GENERATED}.html").is_file()
    docnames = indexed(b)
    assert "talks/2023/flash" in docnames
    assert GENERATED not in docnames
    assert search.SNIPPET_SCRIPT.encode() not in (b.outdir / "search.html").read_bytes()  # Sphinx's own snippets
