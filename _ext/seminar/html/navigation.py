"""The sidebar navigation: at most ``seminar_sidebar_series`` series, resolved once per folder where it can be.

A site that lists its series in the root toctree (as the real one does) would otherwise show
every series in the sidebar of every page: a list nobody can use at a few dozen series, and a
page whose size, and whose cost to resolve and write, grows with the site.  So the sidebar keeps the newest series (and the
current one) and ends the list with "All series", a link to ``talks/index``, which shows them
all.  The series left out are dropped from the root document's toctrees before Sphinx resolves
them, so a series page (in the toctree, so resolved for itself) costs the same at any size.
Nothing else of the toctree changes, and a site with fewer series sees Sphinx's own.

Furo asks Sphinx for the whole-site toctree on every page it writes, and Sphinx resolves it anew
each time.  Talk pages and generated pages are in no toctree (they are orphans), so nothing in
their navigation is marked as current and the resolved tree differs between them only in its
relative links, which depend on the page's folder alone.  Those pages therefore share one
resolved tree per folder and per set of arguments; pages that are in a toctree, or hold one,
get their own.  Furo caches its own post-processing of the HTML by value, so it then runs once
per folder as well.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Set
from functools import partial
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.environment.adapters.toctree import TocTree, global_toctree_for_doc

from ..domain.config import in_output
from ..domain.domain import domain_of
from ..domain.state import build_state
from ..model.pagekinds import PageKind, page_kind
from ..rendering.renderer import Renderer

ALL_SERIES = "All series"
ALL_SERIES_PAGE = "talks/index"


def _outside_toctree(env: BuildEnvironment, pagename: str, listed: Set[str]) -> bool:
    """Whether ``pagename`` is neither ``listed`` in a toctree nor holds one (an orphan or a generated page)."""
    return pagename != env.config.root_doc and pagename not in env.toctree_includes and pagename not in listed


def _listed_in_toctrees(env: BuildEnvironment) -> frozenset[str]:
    """Every page some toctree lists (from the toctrees themselves: ``env.files_to_rebuild`` is the
    planner's to trim while Sphinx lists the pages to write, :mod:`seminar.incremental.planner`)."""
    return frozenset(child for children in env.toctree_includes.values() for child in children)


def _all_series_item(builder: StandaloneHTMLBuilder, pagename: str) -> nodes.list_item:
    """The "All series" entry that ends a trimmed list of series."""
    uri = builder.get_relative_uri(pagename, ALL_SERIES_PAGE)
    link = nodes.reference(ALL_SERIES, ALL_SERIES, internal=True, refuri=uri)
    return nodes.list_item("", addnodes.compact_paragraph("", "", link, classes=["toctree-l1"]), classes=["toctree-l1"])


def _navigation(app: Sphinx, builder: StandaloneHTMLBuilder, pagename: str, hidden: list[str], **kwargs: Any) -> str:
    """The page's toctree as ``context["toctree"]`` gives it (Sphinx's ``_get_local_toctree``), trimmed.

    The series left out are taken from the root document's toctrees before Sphinx resolves them,
    one toctree at a time as :func:`~sphinx.environment.adapters.toctree.global_toctree_for_doc`
    does: every series page is in the toctree and resolves its own, so resolving every series
    for each of them would be quadratic in the number of series.
    """
    kwargs.setdefault("includehidden", False)
    if kwargs.get("maxdepth") == "":
        kwargs.pop("maxdepth")
    collapse = kwargs.pop("collapse", True)
    env = app.env
    if not hidden:
        tree = global_toctree_for_doc(env, pagename, builder, tags=builder.tags, collapse=collapse, **kwargs)
        return builder.render_partial(tree)["fragment"]
    left_out = set(hidden) - {pagename}
    adapter = TocTree(env)
    resolved: list[nodes.Element] = []
    for toctree in env.master_doctree.findall(addnodes.toctree):
        trimmed = toctree.copy()
        trimmed["entries"] = [entry for entry in toctree["entries"] if entry[1] not in left_out]
        found = adapter.resolve(
            pagename,
            builder,
            trimmed,
            prune=True,
            maxdepth=int(kwargs.get("maxdepth", 0)),
            titles_only=bool(kwargs.get("titles_only", False)),
            collapse=collapse,
            includehidden=bool(kwargs["includehidden"]),
        )
        if found is None:
            continue
        lists = [child for child in found.children if isinstance(child, nodes.bullet_list)]
        if len(trimmed["entries"]) < len(toctree["entries"]) and lists and in_output(builder, ALL_SERIES_PAGE):
            lists[-1] += _all_series_item(builder, pagename)
        resolved.append(found)
    if not resolved:
        return ""
    tree = resolved[0]
    for other in resolved[1:]:
        tree.extend(other.children)
    return builder.render_partial(tree)["fragment"]


def _on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or "toctree" not in context:
        return
    cache = build_state(app.env).toctrees
    if ("hidden",) not in cache:
        cache[("hidden",)] = domain_of(app.env).site.sidebar_hidden_series()
        cache[("listed",)] = _listed_in_toctrees(app.env)
    navigation = partial(_navigation, app, builder, pagename, cache[("hidden",)])
    shared = _outside_toctree(app.env, pagename, cache[("listed",)])
    folder = posixpath.dirname(builder.get_target_uri(pagename))

    def toctree(**kwargs: Any) -> str:
        if not shared:
            return navigation(**kwargs)
        try:
            key = (folder, *sorted(kwargs.items()))
            hash(key)
        except TypeError:
            return navigation(**kwargs)
        if key not in cache:
            cache[key] = navigation(**kwargs)
        return str(cache[key])

    context["toctree"] = toctree


def _neighbours(app: Sphinx, pagename: str) -> tuple[str | None, str | None]:
    """The pages before and after ``pagename`` in the footer's "Previous" and "Next".

    A talk's are the talks before and after it in its series (by date); a series' are the newer
    and the older series (newest first, as the sidebar lists them).  Other pages have none: the
    toctree order Sphinx would follow runs from the home page through About into the series,
    which reads as no order at all.
    """
    site = domain_of(app.env).site
    if page_kind(pagename) is PageKind.TALK:
        entry = site.by_docname.get(pagename)
        before, after = site.neighbours(entry) if entry is not None else (None, None)
        return (before.docname if before else None, after.docname if after else None)
    if page_kind(pagename) is PageKind.SERIES:
        newer, older = site.series_neighbours(pagename)
        return (newer.docname if newer else None, older.docname if older else None)
    return None, None


def _on_page_neighbours(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder) or "prev" not in context:
        return
    titles = app.env.titles
    site = domain_of(app.env).site
    for key, target in zip(("prev", "next"), _neighbours(app, pagename), strict=True):
        if target is None or not in_output(builder, target):
            context[key] = None
            continue
        entry = site.by_docname.get(target)
        title = entry.talk.title if entry is not None else titles[target].astext() if target in titles else target
        link = Renderer(site, builder, pagename).uri(target)  # encoded as every other link of the page
        context[key] = {"link": link, "title": html.escape(title)} if link is not None else None


def setup_navigation(app: Sphinx) -> None:
    """Trim the sidebar's series and share its navigation between pages outside the toctree.

    The helper is replaced before furo reads it, and before other extensions' handlers at the
    default priorities: one that gives a page a toctree of its own (``sphinx-notfound-page``'s 404
    page, at 400) replaces this one in turn, so that page keeps it.
    """
    app.connect("html-page-context", _on_page_context, priority=390)
    app.connect("html-page-context", _on_page_neighbours, priority=390)
