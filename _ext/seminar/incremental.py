"""Incremental builds that equal clean ones: which pages an edit affects.

After reading, every page that shows other pages' data (talk headers and footers, listings,
speaker pages, generated indexes) gets a fingerprint of the data it shows
(:mod:`seminar.fingerprints`).  A page whose fingerprint changed since the last build is
rewritten (returned from ``env-updated``, or written again by :mod:`seminar.pages`); every other
page is left alone, so editing one talk's body rewrites that talk and the listings that show it,
not the whole site.  An edit that changes no talk's front matter or bios and no series or
speaker page (an abstract, a page's text) reaches no other page, so such a rebuild fingerprints
only the pages it read (:func:`body_edit_only`).  A change to a title in the navigation (the
sidebar on every page) or to the configuration rewrites everything.  Output of removed pages is deleted so a stale page
is never served.
"""

from __future__ import annotations

from collections.abc import Set
from pathlib import Path
from typing import Any, cast

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import CONFIG_OK, BuildEnvironment

from .domain import SeminarDomain
from .fingerprints import Inputs, digest
from .navigation import hidden_series
from .pagekinds import PageKind, page_kind
from .reader import domain_of
from .site import forget_site, site_of

_PAGE = "page:"  # fingerprint keys of generated pages, beside those of documents


def _on_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    state = _state(app)
    state["read"] = set(added) | set(changed)
    state["removed"] = set(removed)
    if isinstance(app.builder, StandaloneHTMLBuilder):
        for docname in removed:
            Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)
    return []


def _on_before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _state(app)["read"] = set(docnames)


def _state(app: Sphinx) -> dict[str, Any]:
    domain = domain_of(app.env)
    if not hasattr(domain, "build_state"):
        domain.build_state = {"read": set(), "removed": set(), "dirty_pages": set()}  # type: ignore[attr-defined]
    return cast("dict[str, Any]", domain.build_state)  # type: ignore[attr-defined]


def _nav_signature(env: BuildEnvironment) -> str:
    """What the sidebar of every page shows: the toctree's pages and titles, less the series it leaves out."""
    docs = {env.config.root_doc}
    for children in env.toctree_includes.values():
        docs.update(children)
    titles = sorted((doc, env.titles[doc].astext()) for doc in docs if doc in env.titles)
    return repr((titles, sorted(hidden_series(env))))


def _on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    from .pages import built_pages

    forget_site(env)
    state = _state(app)
    domain = domain_of(env)
    site = site_of(env)
    nav = _nav_signature(env)
    unchanged_inputs = not state["read"] and not state["removed"]
    # The HTML options are in the builder's config hash; a change of any other value (``project``,
    # ``seminar_*``) makes Sphinx read every document again, which config_status tells.  The
    # fingerprints are those of one output folder: builders that share the doctrees (``make``'s
    # ``-M``) must not take each other's for their own.
    config_hash = getattr(getattr(app.builder, "build_info", None), "config_hash", "")
    outputs_key = f"{app.builder.name}:{app.outdir}:{config_hash}"
    same_outputs = domain.data.get("outputs_key") == outputs_key and env.config_status == CONFIG_OK
    domain.data["outputs_key"] = outputs_key
    same_nav = domain.data.get("nav") == nav
    same_day = domain.data.get("today") == site.today
    state["unchanged"] = state["body_only"] = False
    if unchanged_inputs and same_outputs and same_nav and same_day:
        state["dirty_pages"] = set()
        state["unchanged"] = True
        return []
    everything = not same_nav or not same_outputs  # the sidebar or the page template of every page
    domain.data["nav"] = nav
    domain.data["today"] = site.today

    old = domain.fingerprints
    inputs = Inputs(site, app.builder)
    dynamic = (
        set(domain.talks)
        | set(domain.listings)
        | set(domain.xrefs)
        | {d for d in env.found_docs if page_kind(d) is PageKind.SPEAKER}
    )
    state["body_only"] = not everything and same_day and not state["removed"] and _body_edit_only(domain, state["read"])
    if state["body_only"]:
        # Only the read pages can show something new: work out their fingerprints alone.
        new = dict(old)
        for docname in state["read"]:
            new.pop(docname, None)
        for docname in sorted(state["read"] & dynamic):
            new[docname] = _document(inputs, docname)
        domain.data["fingerprints"] = new
        state["dirty_pages"] = set()
        return []
    domain.data["sources"] = {docname: entry.source_digest for docname, entry in domain.talks.items()}
    new = {docname: _document(inputs, docname) for docname in sorted(dynamic & env.found_docs)}
    for name, page in built_pages(app).items():
        new[_PAGE + name] = digest((page.title, page.inputs(inputs)))
    stale_pages = {k[len(_PAGE) :] for k in old if k.startswith(_PAGE) and k not in new}
    if isinstance(app.builder, StandaloneHTMLBuilder):
        for name in stale_pages:
            Path(app.builder.get_outfilename(name)).unlink(missing_ok=True)
    domain.data["fingerprints"] = new

    changed = {key for key, value in new.items() if old.get(key) != value}
    state["dirty_pages"] = {k[len(_PAGE) :] for k in new if k.startswith(_PAGE) and (everything or k in changed)}
    if everything:
        return sorted(env.found_docs - state["read"])
    return sorted(k for k in changed if not k.startswith(_PAGE) and k not in state["read"])


def _document(inputs: Inputs, docname: str) -> str:
    domain = inputs.site.domain
    return inputs.document(docname, domain.listings.get(docname, []), domain.xrefs.get(docname, []))


def _body_edit_only(domain: SeminarDomain, read: Set[str]) -> bool:
    """Whether this build read only pages whose change reaches no other page.

    That is every page but a talk whose front matter or bios changed (or that became or stopped
    being a talk), a series page and a hand-written speaker page: what changed is an abstract or
    other body text, which no other page shows (listings show no abstracts).  It is the edit of
    a preview, which must cost little more than writing that page again.
    """
    stored: dict[str, str] = domain.data.get("sources", {})
    for docname in read:
        if page_kind(docname) in (PageKind.SERIES, PageKind.SPEAKER):
            return False
        entry = domain.talks.get(docname)
        if stored.get(docname) != (entry.source_digest if entry is not None else None):
            return False
    return bool(stored)


def outputs_unchanged(app: Sphinx) -> bool:
    """Whether this build changed nothing that the site-wide files (calendars, feeds, exports) show."""
    return bool(_state(app).get("unchanged"))


def body_edit_only(app: Sphinx) -> set[str] | None:
    """The pages this build read when their change reaches no other page (see :func:`_body_edit_only`), else ``None``."""
    state = _state(app)
    return set(state["read"]) if state.get("body_only") else None


def unchanged_pages(app: Sphinx, builder: StandaloneHTMLBuilder) -> set[str]:
    """Generated pages of the last build that this build leaves as they are (and whose file exists)."""
    dirty = set(_state(app)["dirty_pages"])
    names = {key[len(_PAGE) :] for key in domain_of(app.env).fingerprints if key.startswith(_PAGE)}
    return {name for name in names - dirty if Path(builder.get_outfilename(name)).exists()}


def pages_to_write(app: Sphinx, pages: dict[str, Any]) -> set[str]:
    """The generated pages whose content changed in this build."""
    return set(_state(app)["dirty_pages"]) & set(pages)


def setup_incremental(app: Sphinx) -> None:
    """Track what each build read and rewrite the pages it affects."""
    app.connect("env-get-outdated", _on_get_outdated)
    app.connect("env-before-read-docs", _on_before_read)
    app.connect("env-updated", _on_env_updated)
