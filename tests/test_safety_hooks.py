"""The one place the extension subclasses myst-parser internals fails loudly when myst-parser changes.

:class:`seminar.domain.files.PageParser` re-implements ``MystParser.parse`` (to ignore MyST's own
front matter on talk, series and speaker pages) and overrides ``SphinxRenderer.run_directive`` (to
refuse ``{include}`` before MyST reads it).  Both were checked against the versions in
``MYST_SUPPORTED``; with another, the build falls back to MyST's own parser.
"""

from __future__ import annotations

import inspect

import myst_parser
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.sphinx_ import MystParser

from seminar.domain import files


def test_the_installed_myst_parser_was_checked() -> None:
    assert files.page_parser_applies(), (
        f"myst-parser {myst_parser.__version__} is new: check seminar/domain/files.py (PageParser, "
        "_ContributedPageRenderer) against it, then add it to MYST_SUPPORTED"
    )


def test_what_page_parser_reimplements_is_as_it_was() -> None:
    source = inspect.getsource(MystParser.parse)
    assert "read_topmatter(inputstring)" in source  # the file-level configuration PageParser leaves out
    assert "create_md_parser(config, SphinxRenderer)" in source
    assert 'parser.options["document"] = document' in source
    assert "parser.render(inputstring)" in source


def test_run_directive_keeps_its_signature() -> None:
    parameters = list(inspect.signature(SphinxRenderer.run_directive).parameters)
    assert parameters[:5] == ["self", "name", "first_line", "content", "position"]
    assert "block_text" in parameters and "additional_options" in parameters
