"""What page heads tell machines: schema.org JSON-LD, descriptions, feed links; and a complete sitemap.

At ``html-page-context`` (before ``sphinxext-opengraph``, which reads ``context["meta"]``):

- every page links the site's Atom feed, and series and talk pages their series' feed;
- a talk page gets a schema.org ``Event`` and a speaker page a ``Person``, as JSON-LD whose
  ``<``, ``>`` and ``&`` are escaped so no text in the metadata can close the ``<script>``;
- a talk page's description (``<meta name="description">`` and ``og:description``) is its
  abstract; a speaker page's is their talks and affiliation; a page with a ``{featured-talk}``
  card (the home page), its first paragraph outside the card;
- pages without a doctree (the generated speaker, tag and index pages, search) get the
  OpenGraph tags ``sphinxext-opengraph`` only adds to documents;
- with furo, docutils' viewport tag is dropped: the theme writes its own, and one is enough.

``sphinx-sitemap`` lists only the pages written by the current build, in the order they were
written; at ``build-finished`` the sitemap is completed with every page of the site and sorted,
so incremental builds give the same ``sitemap.xml`` as clean ones.
"""

from __future__ import annotations

import html
import json
import queue
import re
from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import new_document

from ..domain.config import links_of
from ..domain.domain import domain_of
from ..model.pagekinds import PageKind, page_kind
from ..model.slugs import plural
from ..pages.generated import page_doctree
from ..rendering.renderer import Renderer
from ..site.catalog import FILE_BUILDERS, SITE_FEED
from ..site.entries import TalkEntry
from ..site.indexes import Site, Tag
from ..site.speakers import SpeakerInfo
from ..site.texts import excerpt, speakers_line
from ..site.urls import Links, file_url, series_atom, topic_atom

_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
}
_TITLES = {"search": "Search", "genindex": "Index"}
DESCRIPTION_LIMIT = 5000  # characters of an abstract in JSON-LD

Href = Callable[[str], str]


def json_ld(data: dict[str, Any]) -> str:
    """``data`` as a JSON-LD ``<script>`` that no string inside it can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/ld+json">{text}</script>'


def organization(name: str, url: str | None = None) -> dict[str, Any]:
    """A schema.org ``Organization``."""
    return {"@type": "Organization", "name": name, **({"url": url} if url else {})}


def _topic_of(site: Site, pagename: str) -> Tag | None:
    """The topic whose page ``pagename`` is (with a vocabulary: only topics have feeds)."""
    if site.vocabulary is None or not pagename.startswith("tags/"):
        return None
    return site.tags.get(pagename.removeprefix("tags/"))


def event_json_ld(site: Site, links: Links, entry: TalkEntry, href: Href, organizer: str) -> dict[str, Any]:
    """The schema.org ``Event`` of a talk page."""
    talk = entry.talk
    moment = site.when(entry)
    url = href(links.page(entry.docname))
    performers = []
    for speaker in talk.speakers:
        person: dict[str, Any] = {
            "@type": "Person",
            "name": speaker.name,
            "url": href(links.page(f"speakers/{speaker.speaker_id}")),
        }
        if speaker.affiliation:
            person["affiliation"] = organization(speaker.affiliation)
        performers.append(person)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": talk.title,
        "description": excerpt(entry.abstract_text(), DESCRIPTION_LIMIT) or speakers_line(entry),
        "url": url,
        "startDate": moment.iso(),
        "endDate": moment.end.isoformat() if moment.end else moment.date.isoformat(),
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "eventStatus": _STATUS[talk.status],
        "location": {"@type": "VirtualLocation", "url": talk.livestream or talk.recording or url},
        "performer": performers,
        "organizer": organization(organizer, links.base or href(links.page(links.root_doc))),
        "isAccessibleForFree": True,
    }
    series = site.series_of(entry)
    if series is not None:
        data["superEvent"] = {
            "@type": "EventSeries",
            "name": series.series.title,
            "url": href(links.page(series.docname)),
        }
    labels = [label for label, _id in site.tag_pairs[entry.docname]]  # with a vocabulary, the topics' labels
    if labels:
        data["keywords"] = ", ".join(labels)
    if talk.recording:
        data["recordedIn"] = {"@type": "VideoObject", "name": talk.title, "url": talk.recording}
    return data


def person_json_ld(site: Site, links: Links, info: SpeakerInfo, href: Href) -> dict[str, Any]:
    """The schema.org ``Person`` of a speaker page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": info.name,
        "url": href(links.page(info.docname)),
    }
    history = list(dict.fromkeys(a.name for a in reversed(info.affiliations())))
    if history:
        data["affiliation"] = [organization(name) for name in history]
    extra = info.page.page if info.page else None
    if extra and extra.homepage:
        data["sameAs"] = extra.homepage
    if extra and extra.photo and extra.photo.startswith(("https://", "http://")):
        data["image"] = extra.photo  # a local photo's URL is only known to the HTML writer
    bio = next((text for text in (e.bio_text(info.id) for e in reversed(info.talks)) if text), "")
    if bio:
        data["description"] = excerpt(bio, DESCRIPTION_LIMIT)
    data["performerIn"] = [
        {"@type": "Event", "name": e.talk.title, "startDate": site.when(e).iso(), "url": href(links.page(e.docname))}
        for e in reversed(info.talks)
    ]
    return data


def speaker_description(info: SpeakerInfo) -> str:
    """``Tri Dao (Stanford): 2 talks at the seminar, …`` for a speaker page's description."""
    history = info.affiliations()
    who = f"{info.name} ({history[-1].name})" if history else info.name
    titles = "; ".join(e.talk.title for e in reversed(info.talks))
    return excerpt(f"{who}: {plural(len(info.talks), 'talk')}: {titles}")


def _first_paragraph_beside_a_featured_card(doctree: nodes.document | None) -> str:
    """A page with a ``{featured-talk}`` is described by its first paragraph outside the card (the pitch).

    The card holds the words for a talk ahead and for one that is over, one of each hidden, and the
    talks the script may show later: read as text, as sphinxext-opengraph reads a page, a jumble.
    """
    if doctree is None:
        return ""
    cards = [n for n in doctree.findall(nodes.container) if "seminar-featured" in n["classes"]]
    if not cards:
        return ""
    inside = {id(node) for card in cards for node in card.findall(nodes.paragraph)}
    first = next((p for p in doctree.findall(nodes.paragraph) if id(p) not in inside), None)
    return excerpt(first.astext()) if first is not None else ""


def _text(title: str) -> str:
    """The text of a title as Sphinx renders it (HTML, with Markup from the source escaped)."""
    return html.unescape(re.sub(r"<[^>]*>", "", title))


def _feed_link(href: str, title: str) -> str:
    return f'<link rel="alternate" type="application/atom+xml" title="{html.escape(title)}" href="{html.escape(href)}">'


# docutils' HTML5 writer puts this tag in every document's ``metatags`` (for mobile browsers), and
# furo's ``base.html`` writes its own viewport tag as well: a page would carry two.
_DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'


def _one_viewport(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """Drop docutils' viewport tag when the theme writes one (furo does), so each page has one."""
    if app.config.html_theme == "furo" and isinstance(context.get("metatags"), str):
        context["metatags"] = context["metatags"].replace(_DOCUTILS_VIEWPORT, "")


def _on_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    if app.builder.name not in FILE_BUILDERS:
        return
    site = domain_of(app.env).site
    links = links_of(app.builder)
    pathto = context["pathto"]

    def href(path: str) -> str:
        return links.absolute(path) or str(pathto(path, 1))

    project = str(app.config.project)
    tags = [_feed_link(href(SITE_FEED), f"{project}: all talks")]
    entry = site.by_docname.get(pagename)
    series = site.series_of(entry) if entry else site.series_by_id.get(pagename.removeprefix("series/"))
    if series is not None and (entry or page_kind(pagename) is PageKind.SERIES):
        tags.append(_feed_link(href(file_url(series_atom(series.id))), series.series.title))
    description = ""
    info = site.speakers.get(pagename.removeprefix("speakers/"))
    if entry is not None:
        tags.append(json_ld(event_json_ld(site, links, entry, href, site.config.organizer or project)))
        description = excerpt(entry.abstract_text()) or speakers_line(entry)
    elif page_kind(pagename) is PageKind.SPEAKER and info is not None:
        tags.append(json_ld(person_json_ld(site, links, info, href)))
        description = speaker_description(info)
    elif (topic := _topic_of(site, pagename)) is not None:
        tags.append(_feed_link(href(file_url(topic_atom(topic.id))), f"{project}: {topic.label}"))
        description = topic.description or ""
    else:
        description = _first_paragraph_beside_a_featured_card(doctree)
    # sphinxext-opengraph escapes only quotes, so it is given escaped text; the page's own
    # ``meta`` is the environment's and must not change, so the context gets a copy.
    overrides = {"og:title": html.escape(_text(context["title"]), quote=False)} if context.get("title") else {}
    if description:
        overrides["og:description"] = html.escape(description, quote=False)
        tags.append(f'<meta name="description" content="{html.escape(description)}">')
    context["meta"] = {**(context.get("meta") or {}), **overrides}
    context["metatags"] = (context.get("metatags") or "") + "\n".join(tags) + "\n"
    if doctree is None and "sphinxext.opengraph" in app.extensions:
        _opengraph_without_doctree(app, pagename, context)


def _opengraph_without_doctree(app: Sphinx, pagename: str, context: dict[str, Any]) -> None:
    """OpenGraph tags for pages that have no doctree (``sphinxext-opengraph`` skips them)."""
    from sphinxext.opengraph import get_tags  # an optional extension: imported only when the site loads it

    domain = domain_of(app.env)
    page = domain.generated_pages.get(pagename)
    doctree = page_doctree(Renderer(domain.site, app.builder, pagename), page) if page else new_document(pagename)
    # Sphinx's search and index pages get their title from the template, not the context.
    title = context.get("title") or _TITLES.get(pagename, pagename)
    view = {**context, "title": title, "meta": {"og:title": html.escape(_text(title), quote=False), **context["meta"]}}
    context["metatags"] += get_tags(
        view, doctree, srcdir=app.srcdir, outdir=app.outdir, config=app.config, builder=app.builder, env=app.env
    )


def _drain(links: Any) -> list[tuple[str, str | None]]:
    found = []
    while True:
        try:
            found.append(links.get_nowait())
        except queue.Empty:
            return found


def _complete_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """Give ``sphinx-sitemap`` every page of the site, sorted, not just those this build wrote."""
    sitemap_links = getattr(app, "sitemap_links", None)
    if exception is not None or sitemap_links is None or app.builder.name not in FILE_BUILDERS:
        return
    from sphinx_sitemap import add_html_link  # an optional extension: imported only when the site loads it

    written = _drain(sitemap_links)
    for name in sorted(set(app.env.found_docs) | set(domain_of(app.env).generated_pages)):
        add_html_link(app, name, "", {}, None)  # sphinx-sitemap's own rules: suffix, dirhtml, excludes
    merged: dict[str, str | None] = {}
    for link, updated in [*written, *_drain(sitemap_links)]:
        # sphinx-sitemap gives page names as they are; a <loc> is a URL, so they are encoded here.
        url = file_url(link)
        merged[url] = merged.get(url) or updated
    for link in sorted(merged):
        sitemap_links.put((link, merged[link]))


def setup_structured(app: Sphinx) -> None:
    """Add structured data to page heads (before OpenGraph reads them) and complete the sitemap."""
    app.connect("html-page-context", _on_page_context, priority=450)
    app.connect("html-page-context", _one_viewport)
    app.connect("build-finished", _complete_sitemap, priority=400)
