"""The ``seminar_*`` configuration values: declared to Sphinx from :class:`SeminarConfig` and checked.

They are checked at ``config-inited``, so a typo'd time zone fails the build with a clear message.
:func:`seminar_config` and :func:`links_of` are the typed views of Sphinx's configuration and
builder that the layers above use.

:func:`in_output` and :func:`writes_generated_pages` say what a builder makes of the site's pages: a file per
page, or one output holding several.

The html, dirhtml and epub builders write every document and every generated page (speaker
pages, indexes, tag pages) to a file of its own.  Other builders write no generated pages; and
singlehtml, latex and texinfo assemble the root document and its toctree into one output, which
holds neither the generated pages nor the talk pages (they are in no toctree).  A link to a page
that the output does not hold is shown as its text (:func:`in_output`).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import fields
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.config import Config
from sphinx.errors import ConfigError, NoUri

from ..model.settings import SeminarConfig
from ..site.urls import Links, base_url, page_url


def seminar_config(config: Config) -> SeminarConfig:
    """The typed view of the ``seminar_*`` values of ``config``."""
    return SeminarConfig(**{f.name: getattr(config, f"seminar_{f.name}") for f in fields(SeminarConfig)})


def links_of(builder: Builder) -> Links:
    """Where ``builder`` puts pages, and the site's public base URL."""
    config = builder.config
    base = base_url(str(config.html_baseurl or ""), str(config.seminar_site_url or ""))
    return Links(
        base=base, page=lambda docname: page_url(builder.get_target_uri(docname)), root_doc=str(config.root_doc)
    )


def _check(app: Sphinx, config: Config) -> None:
    settings = seminar_config(config)
    try:
        zoneinfo.ZoneInfo(settings.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"seminar_timezone: unknown time zone {settings.timezone!r}") from None
    if settings.duration <= 0:
        raise ConfigError("seminar_duration must be a positive number of minutes")
    if settings.sidebar_series < 0:
        raise ConfigError("seminar_sidebar_series must be 0 (every series) or more")


def setup_config(app: Sphinx) -> None:
    """Declare every ``seminar_*`` value and check them when the configuration is read."""
    for f in fields(SeminarConfig):
        default: Any = f.default
        app.add_config_value(
            f"seminar_{f.name}", default, "env", types=frozenset({type(default)}), description=f.metadata["help"]
        )
    app.connect("config-inited", _check)


def writes_generated_pages(builder: Builder) -> bool:
    """Whether ``builder`` writes one file per page, the generated pages included (html, dirhtml, epub)."""
    return isinstance(builder, StandaloneHTMLBuilder) and not isinstance(builder, SingleFileHTMLBuilder)


def in_output(builder: Builder, docname: str) -> bool:
    """Whether the output of ``builder`` holds page ``docname`` (a document or a generated page).

    latex and texinfo say so themselves (their URI of a document they do not hold raises
    :class:`~sphinx.errors.NoUri`); singlehtml gives every document an anchor in its one page,
    whether the page holds it or not, so its documents are those of the root document's toctrees.
    """
    if docname not in builder.env.all_docs:
        return writes_generated_pages(builder)
    if writes_generated_pages(builder):
        return True  # every document is a page of its own
    if isinstance(builder, SingleFileHTMLBuilder):
        return docname in _toctree_documents(builder)
    try:
        builder.get_target_uri(docname)
    except NoUri:
        return False
    return True


def _toctree_documents(builder: Builder) -> set[str]:
    """The root document and every document its toctrees include, at any depth (what singlehtml inlines)."""
    includes = builder.env.toctree_includes
    found = {builder.config.root_doc}
    todo = [builder.config.root_doc]
    while todo:
        for child in includes.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found
