"""Atom feeds (RFC 4287): ``atom.xml`` for the whole site and ``series/<id>.atom.xml`` per series.

Made with ``feedgen`` at ``build-finished`` of the html and dirhtml builders, newest talk first.
An entry's id is the ``urn:uuid:`` of the talk's calendar UID, so it never changes; its
``updated`` is the same deterministic stamp as the calendars' ``LAST-MODIFIED``
(:func:`calendar.stamp`), the summary is the abstract and the speakers are its authors.  Links
are absolute from ``html_baseurl`` (Read the Docs' canonical URL includes the version path), or
relative to the feed file when the site has no base URL.  The page heads link to the feeds
(:mod:`seminar.structured`).  A rebuild writes only the feeds whose talks changed (their digests
are kept with the environment, as the calendars' are).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable, Sequence, Set
from functools import partial
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.osutil import relative_uri

from .calendar import speakers_line, stamp, summary
from .domain import TalkEntry
from .export import FILE_BUILDERS, Links, series_atom, talk_uid, urn, write_outputs
from .pieces import PieceCache
from .reader import domain_of
from .site import Site, site_of

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
    fg.link(href=_href(links, path, path), rel="self", type="application/atom+xml")
    fg.link(href=_href(links, path, links.page(page)), rel="alternate", type="text/html")
    fg.author(name=site.config.organizer or site_title)
    fg.generator("Sphinx seminar extension")
    newest = sorted(talks, key=lambda entry: entry.sort_key, reverse=True)
    fg.updated(max((stamp(site, entry) for entry in newest), default=EPOCH))
    head = bytes(fg.atom_str(pretty=True))
    assert head.endswith(_END)
    make = entries or (lambda entry: entry_xml(site, links, path, entry))
    return b"".join([head[: -len(_END)], *(make(entry) for entry in newest), _END])


def _href(links: Links, path: str, target: str) -> str:
    """``target`` as a feed at ``path`` links it: absolute under the base URL, else relative to the feed."""
    return links.absolute(target) or relative_uri(path, target)


def entry_xml(site: Site, links: Links, path: str, entry: TalkEntry) -> bytes:
    """One talk's ``<entry>`` in the feed at ``path``, indented as feedgen's pretty feed places it."""
    from feedgen.entry import FeedEntry
    from lxml import etree

    fe = FeedEntry()
    fe.id(urn(talk_uid(entry)))
    fe.title(summary(entry))
    # One link only: feedgen 1.0.0 drops ``rel`` from entry links, so a second one (the
    # recording) would be a second "alternate", which RFC 4287 forbids.
    fe.link(href=_href(links, path, links.page(entry.docname)), rel="alternate", type="text/html")
    fe.updated(stamp(site, entry))
    moment = site.when(entry)
    when = ", ".join(part for part in (moment.long_date(), moment.time_range()) if part)
    fe.summary(entry.abstract_text() or f"{speakers_line(entry)}, {when}.", type="text")
    for speaker in entry.talk.speakers:
        fe.author(name=speaker.name, uri=_href(links, path, links.page(f"speakers/{speaker.speaker_id}")))
    for label, tag_id in site.tag_pairs[entry.docname]:
        fe.category(term=tag_id, label=label)
    # Pretty-printed one level down, inside a stand-in <feed>, so its lines are those of the whole feed.
    holder = etree.Element("feed")
    holder.append(fe.atom_entry())
    text = bytes(etree.tostring(holder, pretty_print=True, encoding="UTF-8", xml_declaration=False))
    return text[len(b"<feed>\n") : -len(_END)]


def feed_files(site: Site, title: str, root_doc: str) -> dict[str, tuple[str, str, str, Sequence[TalkEntry]]]:
    """What each feed of the site holds: ``path -> (title, subtitle, page, talks)``."""
    files: dict[str, tuple[str, str, str, Sequence[TalkEntry]]] = {
        "atom.xml": (title, f"Every talk of the {title}", root_doc, site.talks)
    }
    for series_id, series in sorted(site.series_by_id.items()):
        about = f"Talks of the {series.series.title}" + (f" ({series.series.term})" if series.series.term else "")
        files[series_atom(series_id)] = (series.series.title, about, series.docname, site.by_series.get(series_id, []))
    return files


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
        path: feed(site, links, path, name, about, page, talks, title, entries and partial(entries, path))
        for path, (name, about, page, talks) in feed_files(site, title, root_doc).items()
        if only is None or path in only
    }


def _on_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    """Find the feeds whose content changes in this build (their digests are saved with the environment).

    An entry shows what a talk's calendar event shows (front matter, time, abstract, stamp), so
    a feed's digest is made of its talks' event digests (:mod:`seminar.calendar`, which runs
    first); a body edit then rewrites the site's feed and its series' feed, not all of them.
    """
    from .fingerprints import digest
    from .incremental import outputs_unchanged

    domain = domain_of(env)
    events: dict[str, str] | None = getattr(domain, "event_digests", None)
    if app.builder.name not in FILE_BUILDERS or outputs_unchanged(app) or events is None:
        domain.feeds_to_write = None  # type: ignore[attr-defined]
        return
    site = site_of(env)
    salt = (app.builder.name, Links.of(app.builder).base, app.config.project, site.config.organizer)
    new = {
        path: digest((*salt, path, name, about, page, *(events[t.docname] for t in talks)))
        for path, (name, about, page, talks) in feed_files(site, str(app.config.project), app.config.root_doc).items()
    }
    old: dict[str, str] = domain.data.get("feeds", {})
    domain.data["feeds"] = new
    domain.feeds_to_write = {path for path, value in new.items() if old.get(path) != value}  # type: ignore[attr-defined]


def write_feeds(app: Sphinx) -> None:
    """Write the feeds that changed (or are missing) and delete stale ones (see :mod:`seminar.sitefiles`)."""
    import feedgen.version
    from lxml import etree

    from .incremental import outputs_unchanged

    outdir = Path(app.outdir)
    if outputs_unchanged(app) and (outdir / "atom.xml").is_file():
        return  # nothing they show changed since the last build wrote them
    site = site_of(app.env)
    links = Links.of(app.builder)
    held = feed_files(site, app.config.project, app.config.root_doc)
    domain = domain_of(app.env)
    changed: set[str] | None = getattr(domain, "feeds_to_write", None)
    wanted = {path for path in held if changed is None or path in changed or not (outdir / path).is_file()}

    # An entry shows what the talk's calendar event shows; its links are relative to the feed's folder.
    events: dict[str, str] = getattr(domain, "event_digests", None) or {}
    cache: PieceCache[bytes] = PieceCache(app, "atom-entries", feedgen.version.version_str, etree.LXML_VERSION)

    def key(path: str, entry: TalkEntry) -> str | None:
        found = events.get(entry.docname)
        return f"{found}:{posixpath.dirname(path)}" if found else None

    def entries(path: str, entry: TalkEntry) -> bytes:
        return cache.get(key(path, entry), lambda: entry_xml(site, links, path, entry))

    files = feeds(site, links, app.config.project, app.config.root_doc, wanted, entries)
    write_outputs(outdir, files, stale=["series/*.atom.xml"], keep=set(held))
    cache.save(live={k for path, (*_, talks) in held.items() for t in talks if (k := key(path, t))})


def setup_feeds(app: Sphinx) -> None:
    """Find the feeds a build changes (:mod:`seminar.sitefiles` writes them)."""
    app.connect("env-updated", _on_env_updated, priority=700)  # after seminar.calendar's
