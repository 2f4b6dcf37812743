"""Old URLs of the site (``/cs528/``, ``/about/``) kept working: ``seminar_redirects`` made into sphinx-reredirects' ``redirects``.

``seminar_redirects`` maps an old folder URL (``"cs528/"``) to the docname of the page that now
has its content.  A folder URL is answered by ``<folder>/index.html`` under every static server,
so that file is the redirect's source in both builders; sphinx-reredirects writes it.  Its target
differs per builder (``../courses/cs528.html`` or ``../courses/cs528/``), which is why ``conf.py``
cannot set ``redirects`` itself.

sphinx-reredirects overwrites whatever page is at the path it writes.  So a redirect whose file
is the target page's own file (``about/index.html`` with ``dirhtml``: the old URL *is* the page)
is left out, and one whose file is another page's stops the build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.errors import ConfigError

from ..domain.config import writes_generated_pages


def redirects_for(builder: StandaloneHTMLBuilder) -> dict[str, str]:
    """sphinx-reredirects' ``redirects`` for ``builder``: source docname to a target relative to it.

    Raises :class:`~sphinx.errors.ConfigError` for a target that is no page, or a redirect that
    would overwrite another page.
    """
    found = builder.env.found_docs
    pages = {Path(builder.get_outfilename(doc)): doc for doc in found}
    result: dict[str, str] = {}
    for old, docname in dict(builder.config.seminar_redirects).items():
        if docname not in found:
            raise ConfigError(f"seminar_redirects: {old!r} points at {docname!r}, which is no page of the site")
        source = f"{old.strip('/')}/index" if old.strip("/") else "index"
        written = Path(builder.get_outfilename(source))
        if pages.get(written) == docname:
            continue  # this builder already writes the page at the old URL
        if written in pages:
            raise ConfigError(
                f"seminar_redirects: the redirect from {old!r} would overwrite the page {pages[written]!r}"
            )
        result[source] = builder.get_relative_uri(source, docname)
    return result


def _serves_urls(builder: Builder) -> bool:
    """Whether ``builder`` writes a site served at URLs (html, dirhtml): not an epub, whose pages are embedded."""
    return writes_generated_pages(builder) and not getattr(builder, "embedded", False)


def _check(app: Sphinx) -> None:
    """Fail early, before reading, on a redirect that points nowhere or would overwrite a page."""
    if app.config.seminar_redirects and _serves_urls(app.builder):
        assert isinstance(app.builder, StandaloneHTMLBuilder)
        if "sphinx_reredirects" not in app.extensions:
            raise ConfigError("seminar_redirects needs the sphinx_reredirects extension in conf.py's extensions")
        redirects_for(app.builder)


def _set_redirects(app: Sphinx) -> list[Any]:
    """Hand this builder's redirects to sphinx-reredirects, which writes them at ``html-collect-pages`` (500).

    Set only now, after Sphinx pickled the environment: ``redirects`` is an ``env`` value, and a
    value changed before the pickling would differ from ``conf.py``'s on the next build, which
    would then read every document again.
    """
    if app.config.seminar_redirects and _serves_urls(app.builder):
        assert isinstance(app.builder, StandaloneHTMLBuilder)
        app.config.redirects = {**redirects_for(app.builder), **dict(app.config.redirects)}
    return []


def setup_redirects(app: Sphinx) -> None:
    """Declare ``seminar_redirects`` and pass it on to sphinx-reredirects per builder."""
    app.add_config_value(
        "seminar_redirects",
        {},
        "html",
        types=frozenset({dict}),
        description='Old folder URLs of the site ("cs528/") and the docname of the page now at each.',
    )
    app.connect("builder-inited", _check)
    app.connect("html-collect-pages", _set_redirects, priority=400)
