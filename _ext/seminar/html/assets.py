"""The extension's own CSS and JavaScript on every HTML page; no asset a page does not use; no script that blocks.

Sphinx links every registered stylesheet from every page: sphinx-design's (for a card grid that
one page has) and Pygments' (for code that few pages show) cost each page a download and a
parse.  At ``html-page-context`` a page keeps them only when its doctree holds what they style,
and sphinx-design's tab script likewise.

Sphinx, furo and sphinx-design load their scripts in ``<head>`` without ``defer``, so the browser
stops parsing the page until each one has arrived and run: on a phone on a slow network that is
most of the time before the first paint.  None of them needs to run before the page is parsed
(each waits for ``DOMContentLoaded`` or for a click), and deferred scripts still run in their
order, so every external script is deferred, except on the search page: its template loads
``searchtools.js`` without ``defer``, and that script calls ``doctools.js`` as it loads.

The filters' script (``seminar-filters.js``) is linked only from a page with the filters (the talks index).
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
_DESIGN_SCRIPTS = ("_static/design-tabs.js",)


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


def _only_needed_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    """The page's stylesheets and scripts without those for content it lacks; its scripts deferred."""
    design = doctree is not None and _uses_design(doctree)  # one walk of the doctree serves both lists
    unused: set[str] = set() if design else {*_DESIGN, *_DESIGN_SCRIPTS}
    if doctree is None or not _shows_code(doctree):
        unused.update(_CODE)
    # New lists: the ones in the context are the builder's own, shared by every page.
    files = context.get("css_files")
    if isinstance(files, list):
        context["css_files"] = [css for css in files if getattr(css, "filename", None) not in unused]
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        kept = [script for script in scripts if getattr(script, "filename", None) not in unused]
        context["script_files"] = kept if templatename == "search.html" else [_deferred(script) for script in kept]


FILTERS_SCRIPT = "seminar-filters.js"
"""The talks index's filters (:mod:`seminar.pages.filters`): loaded only on a page that has them."""


def _filters_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    # Called during html-page-context, add_js_file adds the script to this page alone.
    if '<form class="seminar-filters"' in str(context.get("body", "")):
        app.add_js_file(FILTERS_SCRIPT, loading_method="defer")


def _deferred(script: Any) -> Any:
    """``script`` loaded with ``defer``: a new asset of its own type, as Sphinx's assets cannot change.

    Inline scripts (no file) and scripts already ``async`` or ``defer`` are kept as they are; so is an
    asset of a shape this code does not know, which then only blocks as before.
    """
    filename = getattr(script, "filename", None)
    attributes = getattr(script, "attributes", None)
    if not filename or not isinstance(attributes, dict) or {"async", "defer"} & attributes.keys():
        return script
    try:
        return type(script)(filename, priority=getattr(script, "priority", 500), **{**attributes, "defer": "defer"})
    except TypeError:
        return script


def setup_assets(app: Sphinx) -> None:
    """Ship ``static/seminar.css`` and ``static/seminar.js`` with every HTML build; link other sheets where used."""
    app.connect("config-inited", _add_static_path)
    # After furo's own sheets (furo-extensions.css has priority 600) and before conf.py's
    # html_css_files (800), so a site's stylesheet can still restyle the extension's blocks.
    app.add_css_file("seminar.css", priority=700)
    app.add_js_file("seminar.js", loading_method="defer")
    # The filters' script is added first, so that it is among the scripts the next handler sees.
    app.connect("html-page-context", _filters_script)
    app.connect("html-page-context", _only_needed_assets)
