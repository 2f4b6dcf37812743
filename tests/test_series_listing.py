"""The one place the reader updates Sphinx's private doctree caches fails loudly when Sphinx changes them.

:func:`seminar.domain.reader.list_series_in_root` appends the series pages to the root document's
toctree after reading and writes the root's doctree back where Sphinx keeps it.  It was checked
against the Sphinx versions in ``SERIES_LISTING_CHECKED``; with another, it does nothing.
"""

from __future__ import annotations

import functools
import inspect

import sphinx
from sphinx.environment import BuildEnvironment

from seminar.domain import reader


def test_the_installed_sphinx_was_checked() -> None:
    assert tuple(sphinx.version_info[:2]) in reader.SERIES_LISTING_CHECKED, (
        f"Sphinx {sphinx.__version__} is new: check list_series_in_root in seminar/domain/reader.py against it "
        "(the doctree caches it writes), then add it to SERIES_LISTING_CHECKED"
    )


def test_the_caches_it_writes_are_where_it_writes_them() -> None:
    source = inspect.getsource(BuildEnvironment)
    for name in ("_write_doc_doctree_cache", "_pickled_doctree_cache", "def master_doctree", "files_to_rebuild"):
        assert name in source, name
    # popped from the instance's __dict__ so that the next read sees the updated doctree
    assert isinstance(inspect.getattr_static(BuildEnvironment, "master_doctree"), functools.cached_property)
