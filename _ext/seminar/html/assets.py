"""The extension's own CSS and JavaScript on every HTML page, and no stylesheet or script on a page that does not use it.

The filters' script (``seminar-filters.js``) is linked only from a page with the filters (the talks index).

Sphinx links every registered stylesheet from every page: sphinx-design's (for a card grid that
one page has) and Pygments' (for code that few pages show) cost each page a download and a
parse.  At ``html-page-context`` a page keeps them only when its doctree holds what they style.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

STATIC = Path(__file__).parent / "static"

# Stylesheets a page needs only for some of its content: file -> does the doctree have that content?
_DESIGN = ("_static/sphinx-design.min.css",)
_CODE = ("_static/pygments.css", "_static/pygments_dark.css")


def _add_static_path(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def _uses_design(doctree: nodes.document) -> bool:
    """Whether a sphinx-design component (a grid, card, tab, badge...) is on the page: its classes are ``sd-*``."""
    return any(
        any(str(name).startswith("sd-") for name in node.get("classes", ())) for node in doctree.findall(nodes.Element)
    )


def _shows_code(doctree: nodes.document) -> bool:
    """Whether the page has a block of code for Pygments to colour."""
    return next(iter(doctree.findall(nodes.literal_block)), None) is not None


def _only_needed_stylesheets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    files = context.get("css_files")
    if not isinstance(files, list):
        return
    unused: set[str] = set()
    if doctree is None or not _uses_design(doctree):
        unused.update(_DESIGN)
    if doctree is None or not _shows_code(doctree):
        unused.update(_CODE)
    # A new list: the one in the context is the builder's own, shared by every page.
    context["css_files"] = [css for css in files if getattr(css, "filename", None) not in unused]


FILTERS_SCRIPT = "seminar-filters.js"
"""The talks index's filters (:mod:`seminar.rendering.filters`): loaded only on a page that has them."""


def _filters_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    # Called during html-page-context, add_js_file adds the script to this page alone.
    if '<form class="seminar-filters"' in str(context.get("body", "")):
        app.add_js_file(FILTERS_SCRIPT, loading_method="defer")


def setup_assets(app: Sphinx) -> None:
    """Ship ``static/seminar.css`` and ``static/seminar.js`` with every HTML build; link other sheets where used."""
    app.connect("config-inited", _add_static_path)
    # After furo's own sheets (furo-extensions.css has priority 600) and before conf.py's
    # html_css_files (800), so a site's stylesheet can still restyle the extension's blocks.
    app.add_css_file("seminar.css", priority=700)
    app.add_js_file("seminar.js", loading_method="defer")
    app.connect("html-page-context", _only_needed_stylesheets)
    app.connect("html-page-context", _filters_script)
