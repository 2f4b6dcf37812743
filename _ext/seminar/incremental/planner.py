"""Incremental builds that equal clean ones: the plan of what a build rewrites.

After reading, every page that shows other pages' data (talk headers and footers, listings,
speaker pages, generated indexes) gets a fingerprint of the data it shows
(:mod:`seminar.incremental.fingerprints`), and so does every calendar and feed.  One handler, at
``env-updated``, compares them with the last build's and hands the result on as the build's
:class:`~seminar.domain.state.RebuildPlan`: the documents to write again (returned to Sphinx), the
generated pages, calendars and feeds to write, and each talk's event digest (the key of its
cached calendar event, feed entry and JSON item, :mod:`seminar.incremental.pieces`).  The writers
only read the plan, so no handler depends on another's event priority.

Editing one talk's body rewrites that talk and the listings that show it, not the whole site.  An
edit that changes no talk's front matter or bios and no series or speaker page (an abstract, a
page's text) reaches no other page but the schedules that open abstracts in place, so such a
rebuild fingerprints only the pages it read, those schedules and the talks whose related talks
it re-ranked (an abstract is what the ranking reads, see :func:`_reranked`).  A
change to a title in the navigation (the sidebar on every page) or to the configuration rewrites
everything.  Output of removed pages is deleted so a stale page is never served.
"""

from __future__ import annotations

import hashlib
from collections.abc import Set
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import CONFIG_OK, BuildEnvironment

from ..domain.config import links_of
from ..domain.domain import SeminarDomain, domain_of
from ..domain.reader import list_series_in_root
from ..domain.state import RebuildPlan, build_state
from ..model.pagekinds import PageKind, page_kind
from ..site.catalog import FILE_BUILDERS, calendar_files, feed_files
from ..site.entries import TalkEntry
from ..site.indexes import Site
from ..site.query import listing_form
from .fingerprints import Inputs, digest
from .ranking import rank_related

_PAGE = "page:"  # fingerprint keys of generated pages, beside those of documents


def _on_get_outdated(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    state = build_state(env)
    state.read = set(added) | set(changed)
    state.removed = set(removed)
    if isinstance(app.builder, StandaloneHTMLBuilder):
        for docname in removed:
            Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)
    return []


def _on_before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    build_state(env).read = set(docnames)


def _nav_signature(env: BuildEnvironment, site: Site) -> str:
    """What the sidebar of every page shows: the toctree's pages and titles, less the series it leaves out."""
    docs = {env.config.root_doc}
    for children in env.toctree_includes.values():
        docs.update(children)
    titles = sorted((doc, env.titles[doc].astext()) for doc in docs if doc in env.titles)
    order = env.toctree_includes.get(env.config.root_doc, [])  # the series are added newest first
    return repr((titles, order, sorted(site.sidebar_hidden_series())))


def _unfinished(app: Sphinx) -> Path:
    """The mark of a build into ``app.outdir`` that has begun writing and not finished.

    The plan of a build is kept (with the environment) before anything is written, so a build
    interrupted while writing would leave pages, generated pages and site files of the old plan
    that the next build takes as written.  The mark, beside the environment, is made when the plan
    is, and removed when the build finishes; a build that finds it writes everything again
    (reading nothing more than it must).
    """
    key = hashlib.sha256(f"{app.builder.name}:{app.outdir}".encode()).hexdigest()[:16]
    return Path(app.doctreedir) / f"seminar-unfinished-{key}"


def _on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    state = build_state(env)
    state.forget_site()  # the read phase changed the domain: index it again
    domain = domain_of(env)
    # Before the plan: the navigation it compares includes the series the root toctree gains.
    list_series_in_root(env, [series.docname for series in domain.site.series_sorted()])
    state.plan = plan = RebuildPlan()
    mark = _unfinished(app)
    interrupted = mark.exists()
    rewrite = _plan_pages(app, env, domain, plan, interrupted)
    plan.unread = set(rewrite) - state.read
    if app.builder.name in FILE_BUILDERS and not plan.unchanged:
        _plan_site_files(app, domain, plan)
        if interrupted:
            plan.calendars = plan.feeds = None
    else:
        plan.calendars = set()
    mark.parent.mkdir(parents=True, exist_ok=True)
    mark.touch()
    return rewrite


def _on_write_started(app: Sphinx, builder: Builder) -> None:
    """Keep Sphinx from writing again the toctree parents of the pages this build writes without reading.

    Sphinx writes again every page whose toctree lists a page it writes (``env.files_to_rebuild``):
    a page read again may have a new title, which its parents show.  A page the plan rewrites
    without reading it (a series page whose schedule shows an edited abstract) has the titles it
    had, so its parents (the home page) would be written the same; their entries are set aside
    while Sphinx lists the pages to write, and put back when the build finishes.  The sidebar
    does not read them (:mod:`seminar.html.navigation`).
    """
    plan = build_state(app.env).plan
    parents = app.env.files_to_rebuild
    plan.set_aside = {docname: parents.pop(docname) for docname in sorted(plan.unread) if docname in parents}


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    plan = build_state(app.env).plan
    for docname, found in plan.set_aside.items():
        app.env.files_to_rebuild.setdefault(docname, set()).update(found)
    plan.set_aside = {}
    if exception is None:
        _unfinished(app).unlink(missing_ok=True)


def _plan_pages(
    app: Sphinx, env: BuildEnvironment, domain: SeminarDomain, plan: RebuildPlan, interrupted: bool
) -> list[str]:
    """Fill ``plan`` with the pages to write; return the documents Sphinx must write again.

    After an ``interrupted`` build, that is every page (see :func:`_unfinished`).
    """
    state = build_state(env)
    site = domain.site
    nav = _nav_signature(env, site)
    unchanged_inputs = not state.read and not state.removed
    # The HTML options are in the builder's config hash; a change of any other value (``project``,
    # ``seminar_*``) makes Sphinx read every document again, which config_status tells.  The
    # fingerprints are those of one output folder: builders that share the doctrees (``make``'s
    # ``-M``) must not take each other's for their own.
    config_hash = getattr(getattr(app.builder, "build_info", None), "config_hash", "")
    outputs_key = f"{app.builder.name}:{app.outdir}:{config_hash}"
    same_outputs = domain.data["outputs_key"] == outputs_key and env.config_status == CONFIG_OK
    domain.data["outputs_key"] = outputs_key
    same_nav = domain.data["nav"] == nav
    same_day = domain.data["today"] == site.today
    # The topic vocabulary is no document: an edit of tags.yaml alone reads nothing, yet changes
    # what topic pages, talk pages and site files show (their fingerprints hold its labels).
    vocabulary = site.vocabulary.digest if site.vocabulary is not None else ""
    same_vocabulary = domain.data.get("vocabulary", "") == vocabulary
    domain.data["vocabulary"] = vocabulary
    if unchanged_inputs and same_outputs and same_nav and same_day and same_vocabulary and not interrupted:
        plan.unchanged = True
        return []
    everything = not same_nav or not same_outputs or interrupted  # the sidebar or the template of every page
    domain.data["nav"] = nav
    domain.data["today"] = site.today

    old = domain.fingerprints
    inputs = Inputs(site)
    dynamic = (
        set(domain.talks)
        | set(domain.listings)
        | set(domain.xrefs)
        | {d for d in env.found_docs if page_kind(d) is PageKind.SPEAKER}
    )
    plan.body_only = (
        not everything and same_day and same_vocabulary and not state.removed and _body_edit_only(domain, state.read)
    )
    if plan.body_only:
        # Only the read pages, and the talks whose related talks an abstract re-ranked, can
        # show something new: work out their fingerprints alone (no talk read: no list changes).
        reranked = _reranked(app, domain, site, state.read) if any(d in domain.talks for d in state.read) else set()
        new = dict(old)
        for docname in state.read:
            new.pop(docname, None)
        for docname in sorted((state.read & dynamic) | reranked):
            new[docname] = _document(inputs, domain, docname)
        # A schedule (a series page's listing) opens each talk's abstract in place: it alone shows one.
        rewrite = []
        for docname in sorted(_schedules_listing(domain, inputs, state.read) - state.read):
            value = _document(inputs, domain, docname)
            if new.get(docname) != value:
                rewrite.append(docname)
            new[docname] = value
        domain.data["fingerprints"] = new
        rewrite.extend(d for d in reranked if d not in state.read and old.get(d) != new[d])
        return sorted(set(rewrite))
    domain.data["sources"] = {docname: entry.source_digest for docname, entry in domain.talks.items()}
    _reranked(app, domain, site, None)  # kept for the next build; the fingerprints below include every list
    new = {docname: _document(inputs, domain, docname) for docname in sorted(dynamic & env.found_docs)}
    for name, page in domain.generated_pages.items():
        new[_PAGE + name] = inputs.generated(page)
    stale_pages = {k[len(_PAGE) :] for k in old if k.startswith(_PAGE) and k not in new}
    if isinstance(app.builder, StandaloneHTMLBuilder):
        for name in stale_pages:
            Path(app.builder.get_outfilename(name)).unlink(missing_ok=True)
    domain.data["fingerprints"] = new

    changed = {key for key, value in new.items() if old.get(key) != value}
    plan.dirty_pages = {k[len(_PAGE) :] for k in new if k.startswith(_PAGE) and (everything or k in changed)}
    if everything:
        return sorted(env.found_docs - state.read)
    return sorted(k for k in changed if not k.startswith(_PAGE) and k not in state.read)


def _reranked(app: Sphinx, domain: SeminarDomain, site: Site, edited: Set[str] | None) -> set[str]:
    """The talks whose related talks differ from the last build's.

    A talk's related talks depend on every talk's title and abstract (:mod:`seminar.site.related`),
    so an edit to one abstract can change the lists of talks it does not show.  After an edit of
    the ``edited`` abstracts alone, the last build's ranking is brought up to date; else every
    talk is ranked anew (:mod:`seminar.incremental.ranking`).  Either way every list is compared.
    """
    rank_related(app, site, edited)
    lists = {entry.docname: [other.docname for other in site.related(entry)] for entry in site.talks}
    before: dict[str, list[str]] = domain.data["related"]
    domain.data["related"] = lists
    return {docname for docname, names in lists.items() if before.get(docname) != names}


def _document(inputs: Inputs, domain: SeminarDomain, docname: str) -> str:
    return inputs.document(docname, domain.listings.get(docname, []), domain.xrefs.get(docname, []))


def _schedules_listing(domain: SeminarDomain, inputs: Inputs, talks: Set[str]) -> set[str]:
    """The documents with a listing shown as a schedule (whose rows hold their talks' abstracts) that lists one of ``talks``."""
    return {
        docname
        for docname, listings in domain.listings.items()
        for name, options in listings
        if name == "talk-list"
        and listing_form(docname, options)[0] == "schedule"
        and any(isinstance(item, TalkEntry) and item.docname in talks for item in inputs.listed(docname, options))
    }


def _body_edit_only(domain: SeminarDomain, read: Set[str]) -> bool:
    """Whether this build read only pages whose change reaches no other page.

    That is every page but a talk whose front matter or bios changed (or that became or stopped
    being a talk), a series page and a hand-written speaker page: what changed is an abstract or
    other body text, which no other page shows but the schedules listing them
    (:func:`_schedules_listing`), which the plan then fingerprints again (an abstract can also
    re-rank other talks' related talks, which :func:`_reranked` finds).  It is the edit of a
    preview, which must cost little more than writing that page (and its series page) again.
    """
    stored: dict[str, str] = domain.data["sources"]
    for docname in read:
        if page_kind(docname) in (PageKind.SERIES, PageKind.SPEAKER):
            return False
        entry = domain.talks.get(docname)
        if stored.get(docname) != (entry.source_digest if entry is not None else None):
            return False
    return bool(stored)


def _plan_site_files(app: Sphinx, domain: SeminarDomain, plan: RebuildPlan) -> None:
    """Fill ``plan`` with each talk's event digest and the calendars and feeds whose content changes.

    A calendar costs its talks' events, and the calendars hold each talk four times (the site's,
    its series', its speakers' and its own), so rebuilding them all after a one-talk edit would
    cost as much as a full build of them.  Each file's inputs are digested instead, as for pages;
    a feed entry shows what a talk's calendar event shows, so feeds are digested from the same
    event digests.
    """
    site = domain.site
    inputs = Inputs(site)
    state = build_state(domain.env)
    base = links_of(app.builder).base
    project = str(app.config.project)
    salt = (app.builder.name, base, project, site.config.short_name)  # what every event shows besides its talk

    def inputs_of(entry: TalkEntry) -> str:
        # The UID too: another talk's (added, renamed) can make this one give way (site.urls.assign_uids).
        return digest((*salt, inputs.talk(entry), site.uid(entry), entry.abstract_text()))

    before: dict[str, str] = domain.data["events"]
    read = set(state.read) if plan.body_only else None
    if read is not None and before:  # only abstracts changed: the other talks' events are as they were
        events = dict(before)
        events.update({d: inputs_of(site.by_docname[d]) for d in read if d in site.by_docname})
    else:
        events = {t.docname: inputs_of(t) for t in site.talks}
    domain.data["events"] = plan.event_digests = events
    changed_talks = {docname for docname, value in events.items() if before.get(docname) != value}

    old: dict[str, str] = domain.data["calendars"]
    new: dict[str, str] = {}
    for path, held in calendar_files(site, project).items():
        if read is not None and path in old and not any(t.docname in changed_talks for t in held.talks):
            new[path] = old[path]
        else:
            new[path] = digest((*salt, held.name, held.about, *(events[t.docname] for t in held.talks)))
    domain.data["calendars"] = new
    plan.calendars = {path for path, value in new.items() if old.get(path) != value}

    feed_salt = (*salt, site.config.organizer)
    feeds = {
        path: digest((*feed_salt, path, f.title, f.subtitle, f.page, *(events[t.docname] for t in f.talks)))
        for path, f in feed_files(site, project, app.config.root_doc).items()
    }
    old_feeds: dict[str, str] = domain.data["feeds"]
    domain.data["feeds"] = feeds
    plan.feeds = {path for path, value in feeds.items() if old_feeds.get(path) != value}


def unchanged_generated_pages(env: BuildEnvironment, builder: StandaloneHTMLBuilder) -> set[str]:
    """Generated pages of the last build that this build leaves as they are (and whose file exists)."""
    dirty = build_state(env).plan.dirty_pages
    names = {key[len(_PAGE) :] for key in domain_of(env).fingerprints if key.startswith(_PAGE)}
    return {name for name in names - dirty if Path(builder.get_outfilename(name)).exists()}


def setup_planner(app: Sphinx) -> None:
    """Track what each build read, and plan what it rewrites once reading is done."""
    app.connect("env-get-outdated", _on_get_outdated)
    app.connect("env-before-read-docs", _on_before_read)
    app.connect("env-updated", _on_env_updated)
    app.connect("write-started", _on_write_started)
    app.connect("build-finished", _on_build_finished, priority=900)  # after the site files are written
