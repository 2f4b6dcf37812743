"""Furo's navigation tree, resolved once per output folder for pages outside the toctree.

Furo asks Sphinx for the whole-site toctree on every page it writes, and Sphinx resolves it anew
each time: the cost of a page grows with the number of series in the navigation, so a site's
build time grows with the square of its size.  Talk pages and generated pages are in no toctree
(they are orphans), so nothing in their navigation is marked as current and the resolved tree
differs between them only in its relative links, which depend on the page's folder alone.  Those
pages therefore share one resolved tree per folder and per set of arguments; pages that are in a
toctree, or hold one, get Sphinx's own.  Furo caches its own post-processing of the HTML by
value, so it then runs once per folder as well.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment

_CACHE = "seminar_toctree_cache"


def _outside_toctree(env: BuildEnvironment, pagename: str) -> bool:
    """Whether ``pagename`` is neither listed in a toctree nor holds one (an orphan or a generated page)."""
    return (
        pagename != env.config.root_doc
        and pagename not in env.toctree_includes
        and not env.files_to_rebuild.get(pagename)
    )


def _reset(app: Sphinx, env: BuildEnvironment) -> None:
    setattr(app.builder, _CACHE, {})  # the toctree may have changed since the last build in this process


def _on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    builder = app.builder
    toctree: Callable[..., str] | None = context.get("toctree")
    if toctree is None or not isinstance(builder, StandaloneHTMLBuilder) or not _outside_toctree(app.env, pagename):
        return
    cache: dict[tuple[Any, ...], str] = getattr(builder, _CACHE, None) or {}
    setattr(builder, _CACHE, cache)
    folder = posixpath.dirname(builder.get_target_uri(pagename))

    def shared_toctree(**kwargs: Any) -> str:
        try:
            key = (folder, *sorted(kwargs.items()))
            hash(key)
        except TypeError:
            return toctree(**kwargs)
        if key not in cache:
            cache[key] = toctree(**kwargs)
        return cache[key]

    context["toctree"] = shared_toctree


def setup_navigation(app: Sphinx) -> None:
    """Share the resolved navigation between pages outside the toctree (before furo reads it)."""
    app.connect("env-updated", _reset)
    app.connect("html-page-context", _on_page_context, priority=400)
