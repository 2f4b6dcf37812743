"""Atom feeds (RFC 4287): ``atom.xml`` for the whole site and ``series/<id>.atom.xml`` per series.

Made with ``feedgen`` at ``build-finished`` of the html and dirhtml builders, newest talk first.
An entry's id is the ``urn:uuid:`` of the talk's calendar UID, so it never changes; its
``updated`` is the same deterministic stamp as the calendars' ``LAST-MODIFIED``
(:func:`calendar.stamp`), the summary is the abstract and the speakers are its authors.  Links
are absolute from ``html_baseurl`` (Read the Docs' canonical URL includes the version path), or
relative to the feed file when the site has no base URL.  The page heads link to the feeds
(:mod:`seminar.structured`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from .calendar import speakers_line, stamp, summary
from .domain import TalkEntry
from .export import FILE_BUILDERS, Links, series_atom, talk_uid, urn, write_outputs
from .site import Site, site_of

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # ``updated`` of a feed with no entries


def feed(
    site: Site,
    links: Links,
    path: str,
    title: str,
    subtitle: str,
    page: str,
    talks: Sequence[TalkEntry],
    site_title: str,
) -> bytes:
    """The Atom feed at ``path`` of ``talks`` (newest first), whose web page is the document ``page``."""

    def href(target: str) -> str:
        return links.absolute(target) or relative_uri(path, target)

    fg = FeedGenerator()
    fg.id(urn(f"{site_title}:{path}"))
    fg.title(title)
    fg.subtitle(subtitle)
    fg.link(href=href(path), rel="self", type="application/atom+xml")
    fg.link(href=href(links.page(page)), rel="alternate", type="text/html")
    fg.author(name=site.config.organizer or site_title)
    fg.generator("Sphinx seminar extension")
    newest = sorted(talks, key=lambda entry: entry.sort_key, reverse=True)
    fg.updated(max((stamp(site, entry) for entry in newest), default=EPOCH))
    for entry in newest:
        fe = fg.add_entry(order="append")
        fe.id(urn(talk_uid(entry)))
        fe.title(summary(entry))
        # One link only: feedgen 1.0.0 drops ``rel`` from entry links, so a second one (the
        # recording) would be a second "alternate", which RFC 4287 forbids.
        fe.link(href=href(links.page(entry.docname)), rel="alternate", type="text/html")
        fe.updated(stamp(site, entry))
        moment = site.when(entry)
        when = ", ".join(part for part in (moment.long_date(), moment.time_range()) if part)
        fe.summary(entry.abstract_text() or f"{speakers_line(entry)}, {when}.", type="text")
        for speaker in entry.talk.speakers:
            fe.author(name=speaker.name, uri=href(links.page(f"speakers/{speaker.speaker_id}")))
        for label, tag_id in site.tag_pairs[entry.docname]:
            fe.category(term=tag_id, label=label)
    return bytes(fg.atom_str(pretty=True))


def feeds(site: Site, links: Links, title: str, root_doc: str) -> dict[str, bytes]:
    """Every feed of the site, by path."""
    files = {
        "atom.xml": feed(site, links, "atom.xml", title, f"Every talk of the {title}", root_doc, site.talks, title)
    }
    for series_id, series in sorted(site.series_by_id.items()):
        talks = site.by_series.get(series_id, [])
        about = f"Talks of the {series.series.title}" + (f" ({series.series.term})" if series.series.term else "")
        path = series_atom(series_id)
        files[path] = feed(site, links, path, series.series.title, about, series.docname, talks, title)
    return files


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.name not in FILE_BUILDERS:
        return
    from .incremental import outputs_unchanged

    if outputs_unchanged(app) and (Path(app.outdir) / "atom.xml").is_file():
        return  # nothing they show changed since the last build wrote them
    files = feeds(site_of(app.env), Links.of(app.builder), app.config.project, app.config.root_doc)
    write_outputs(Path(app.outdir), files, stale=["series/*.atom.xml"])


def setup_feeds(app: Sphinx) -> None:
    """Write the Atom feeds when an HTML build finishes."""
    app.connect("build-finished", _on_build_finished)
