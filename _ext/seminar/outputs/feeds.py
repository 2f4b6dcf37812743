"""Atom feeds (RFC 4287): ``atom.xml`` for the whole site and ``series/<id>.atom.xml`` per series.

Made with ``feedgen`` for the html and dirhtml builders (:mod:`seminar.outputs.sitefiles` says
when), newest talk first.
An entry's id is the ``urn:uuid:`` of the talk's calendar UID, so it never changes; its
``updated`` is the same deterministic stamp as the calendars' ``LAST-MODIFIED``
(:func:`seminar.outputs.calendar.stamp`), the summary is the abstract and the speakers are its authors.  Links
are absolute from ``html_baseurl`` (Read the Docs' canonical URL includes the version path), or
relative to the feed file when the site has no base URL.  The page heads link to the feeds
(:mod:`seminar.html.structured`).  A rebuild writes only the feeds whose talks changed (the
:class:`~seminar.domain.state.RebuildPlan` names them).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable, Sequence, Set
from functools import partial
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ..domain.config import links_of
from ..domain.domain import domain_of
from ..domain.state import build_state
from ..incremental.pieces import PieceCache
from ..site.catalog import feed_files
from ..site.entries import TalkEntry
from ..site.indexes import Site
from ..site.texts import EVENT_SPEAKERS, speakers_line, summary
from ..site.urls import Links, file_url, urn
from .calendar import stamp
from .files import write_outputs

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # ``updated`` of a feed with no entries


_END = b"</feed>\n"


def feed(
    site: Site,
    links: Links,
    path: str,
    title: str,
    subtitle: str,
    page: str,
    talks: Sequence[TalkEntry],
    site_title: str,
    entries: Callable[[TalkEntry], bytes] | None = None,
) -> bytes:
    """The Atom feed at ``path`` of ``talks`` (newest first), whose web page is the document ``page``.

    The feed's own elements are made by feedgen; its entries, serialized on their own
    (:func:`entry_xml`, or ``entries`` when given, which may take them from the last build),
    follow them.
    """
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id(urn(f"{site_title}:{path}"))
    fg.title(title)
    fg.subtitle(subtitle)
    fg.link(href=_href(links, path, file_url(path)), rel="self", type="application/atom+xml")
    fg.link(href=_href(links, path, links.page(page)), rel="alternate", type="text/html")
    fg.author(name=site.config.organizer or site_title)
    fg.generator("Sphinx seminar extension")
    newest = sorted(talks, key=lambda entry: entry.sort_key, reverse=True)
    fg.updated(max((stamp(site, entry) for entry in newest), default=EPOCH))
    make = entries or (lambda entry: entry_xml(site, links, path, entry))
    return splice(bytes(fg.atom_str(pretty=True)), [make(entry) for entry in newest])


def splice(head: bytes, entries: Sequence[bytes]) -> bytes:
    """A pretty-printed Atom feed with serialized ``entries`` put before its closing ``</feed>``.

    The same bytes as feedgen's ``atom_str(pretty=True)`` of the feed holding those entries
    (``tests/test_splice.py`` checks this), without serializing every entry again for each feed
    that holds it.
    """
    if not head.endswith(_END):
        raise ValueError("feedgen's serialization of a feed no longer ends in </feed>")
    return b"".join([head[: -len(_END)], *entries, _END])


def _href(links: Links, path: str, target: str) -> str:
    """``target`` as a feed at ``path`` links it: absolute under the base URL, else relative to the feed."""
    return links.absolute(target) or relative_uri(file_url(path), target)


def entry_xml(site: Site, links: Links, path: str, entry: TalkEntry) -> bytes:
    """One talk's ``<entry>`` in the feed at ``path``, indented as feedgen's pretty feed places it."""
    from feedgen.entry import FeedEntry
    from lxml import etree

    fe = FeedEntry()
    fe.id(urn(site.uid(entry)))
    fe.title(summary(entry))
    # One link only: feedgen 1.0.0 drops ``rel`` from entry links, so a second one (the
    # recording) would be a second "alternate", which RFC 4287 forbids.
    fe.link(href=_href(links, path, links.page(entry.docname)), rel="alternate", type="text/html")
    fe.updated(stamp(site, entry))
    moment = site.when(entry)
    when = ", ".join(part for part in (moment.long_date(), moment.time_range()) if part)
    fe.summary(entry.abstract_text() or f"{speakers_line(entry, EVENT_SPEAKERS)}, {when}.", type="text")
    for speaker in entry.talk.speakers:
        fe.author(name=speaker.name, uri=_href(links, path, links.page(f"speakers/{speaker.speaker_id}")))
    for label, tag_id in site.tag_pairs[entry.docname]:
        fe.category(term=tag_id, label=label)
    # Pretty-printed one level down, inside a stand-in <feed>, so its lines are those of the whole feed.
    holder = etree.Element("feed")
    holder.append(fe.atom_entry())
    text = bytes(etree.tostring(holder, pretty_print=True, encoding="UTF-8", xml_declaration=False))
    return text[len(b"<feed>\n") : -len(_END)]


def feeds(
    site: Site,
    links: Links,
    title: str,
    root_doc: str,
    only: Set[str] | None = None,
    entries: Callable[[str, TalkEntry], bytes] | None = None,
) -> dict[str, bytes]:
    """Every feed of the site (those in ``only``, when given), by path; ``entries(path, talk)`` makes their entries."""
    return {
        path: feed(site, links, path, f.title, f.subtitle, f.page, f.talks, title, entries and partial(entries, path))
        for path, f in feed_files(site, title, root_doc).items()
        if only is None or path in only
    }


def write_feeds(app: Sphinx) -> None:
    """Write the feeds that changed (or are missing) and delete stale ones (see :mod:`seminar.outputs.sitefiles`)."""
    import feedgen.version  # heavy imports, only where feeds are made: most rebuilds make none
    from lxml import etree

    outdir = Path(app.outdir)
    plan = build_state(app.env).plan
    if plan.unchanged and (outdir / "atom.xml").is_file():
        return  # nothing they show changed since the last build wrote them
    site = domain_of(app.env).site
    links = links_of(app.builder)
    held = feed_files(site, app.config.project, app.config.root_doc)
    changed = plan.feeds
    wanted = {path for path in held if changed is None or path in changed or not (outdir / path).is_file()}

    # An entry shows what the talk's calendar event shows; its links are relative to the feed's folder.
    events = plan.event_digests
    cache: PieceCache[bytes] = PieceCache(app, "atom-entries", feedgen.version.version_str, etree.LXML_VERSION)

    def key(path: str, entry: TalkEntry) -> str | None:
        found = events.get(entry.docname)
        return f"{found}:{posixpath.dirname(path)}" if found else None

    def entries(path: str, entry: TalkEntry) -> bytes:
        return cache.get(key(path, entry), lambda: entry_xml(site, links, path, entry))

    files = feeds(site, links, app.config.project, app.config.root_doc, wanted, entries)
    write_outputs(outdir, files, stale=["series/*.atom.xml", "tags/*.atom.xml"], keep=set(held))
    cache.save(live={k for path, f in held.items() for t in f.talks if (k := key(path, t))})
