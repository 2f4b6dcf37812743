"""A talk as a card or as a line of a compact list, the breaks between them, and empty lists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docutils import nodes

from ..domain.nodes import time_node
from ..model.metadata import Break
from ..site.entries import TalkEntry
from .parts import badges, speaker_names, when_node
from .renderer import Renderer, external, para


def card(r: Renderer, entry: TalkEntry, featured: str = "") -> nodes.container:
    """One talk as a card: title, speakers with affiliations (the first few, see :func:`speaker_names`), date and time, series, badges."""
    box = nodes.container(classes=["seminar-card", "seminar-item", f"seminar-status-{entry.talk.status}"])
    box += para(r.link(entry.talk.title, entry.docname), classes=["seminar-card-title"])
    box += para(*speaker_names(r, entry, brief=True, featured=featured), classes=["seminar-speakers"])
    meta = para(when_node(r, entry, long=False), classes=["seminar-card-meta"])
    series = r.site.series_of(entry)
    if series is not None:
        meta += nodes.Text(" · ")
        meta += r.link(series.series.title, series.docname, ["seminar-series-link"])
    for badge in badges(entry):
        meta += nodes.Text(" ")
        meta += badge
    box += meta
    return box


def compact_item(r: Renderer, entry: TalkEntry, featured: str = "", omit: str = "") -> nodes.list_item:
    """One talk as a list line: date, title, speakers (the first few, ``featured`` among them).

    ``omit``: the speaker whose page this is, left out of the line; their co-speakers follow "with".
    """
    moment = r.site.when(entry)
    date = time_node(moment.short_date(), moment.short_date())
    date["datetime"] = moment.iso()
    item = nodes.list_item(classes=["seminar-compact-item", "seminar-item"])
    line = para(date, ": ", r.link(entry.talk.title, entry.docname))
    names = speaker_names(r, entry, affiliations=False, brief=True, featured=featured, omit=omit)
    if names:
        line += nodes.Text(" — with " if omit else " — ")
        line.extend(names)
    for badge in badges(entry):
        line += nodes.Text(" ")
        line += badge
    item += line
    return item


def compact_list(r: Renderer, talks: Iterable[TalkEntry], featured: str = "", omit: str = "") -> nodes.bullet_list:
    """Talks as a compact bullet list; ``featured``: the speaker the list is about, named in every line
    (or, as ``omit``, in none: on their own page)."""
    listing = nodes.bullet_list(classes=["seminar-compact"])
    for entry in talks:
        listing += compact_item(r, entry, featured, omit)
    return listing


def break_node(item: Break, compact: bool) -> nodes.Element:
    """A week without a talk, in place in a schedule."""
    text = f"{item.date:%b} {item.date.day}, {item.date.year}: no talk ({item.label})"
    moment = time_node(text, text)
    moment["datetime"] = item.date.isoformat()
    if compact:
        entry = nodes.list_item(classes=["seminar-break"])
        entry += para(moment)
        return entry
    return nodes.container("", para(moment), classes=["seminar-break"])


def talks_block(r: Renderer, items: Sequence[TalkEntry | Break], style: str, featured: str = "") -> nodes.Element:
    """Talks (and breaks) as cards or as a compact list; ``featured``: the speaker the listing is about."""
    if style == "compact":
        listing = nodes.bullet_list(classes=["seminar-compact"])
        for item in items:
            listing += compact_item(r, item, featured) if isinstance(item, TalkEntry) else break_node(item, True)
        return listing
    grid = nodes.container(classes=["seminar-cards"])
    for item in items:
        grid += card(r, item, featured) if isinstance(item, TalkEntry) else break_node(item, False)
    return grid


def empty_note(r: Renderer, upcoming: bool) -> nodes.paragraph:
    """What an empty listing says instead of rendering nothing."""
    if not upcoming:
        return para("No talks match this list.", classes=["seminar-empty"])
    note = para("No talks are scheduled right now.", classes=["seminar-empty"])
    if r.site.config.mailing_list:
        note += nodes.Text(" ")
        note += external("Join the mailing list", r.site.config.mailing_list)
        note += nodes.Text(" to hear about the next one.")
    return note


def group_heading(text: str) -> nodes.rubric:
    """A heading between groups of a listing."""
    return nodes.rubric(text, text, classes=["seminar-group"])
