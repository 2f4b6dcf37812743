"""Docutils nodes for everything the extension shows: talk headers and footers, cards, lists.

Every function takes a :class:`Renderer` (the site, the builder and the page being written) and
returns nodes; text from front matter always goes into ``Text`` nodes, so Markup in a title or a
name is shown as written, never interpreted.  The same functions serve real documents (at
``doctree-resolved``) and generated pages (:mod:`seminar.pages`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docutils import nodes
from sphinx.builders import Builder

from .calendar import series_calendar_links, talk_calendar_links
from .domain import SeriesEntry, TalkEntry
from .model import Break
from .nodes import time_node
from .site import Site
from .speakers import SpeakerInfo


@dataclass
class Renderer:
    """What rendering needs to know: the site, the builder (for URIs) and the page being written."""

    site: Site
    builder: Builder
    docname: str

    def uri(self, target: str, anchor: str = "") -> str:
        """A relative link from the page being written to ``target``."""
        uri = self.builder.get_relative_uri(self.docname, target)
        return f"{uri}#{anchor}" if anchor else uri

    def link(self, text: str, target: str, classes: Sequence[str] = ()) -> nodes.reference:
        """An internal link with ``text`` as plain text."""
        return nodes.reference(text, text, internal=True, refuri=self.uri(target), classes=list(classes))


def external(text: str, url: str, classes: Sequence[str] = ()) -> nodes.reference:
    """A link to another site."""
    return nodes.reference(text, text, refuri=url, classes=list(classes))


def para(*children: nodes.Node | str, classes: Sequence[str] = ()) -> nodes.paragraph:
    """A paragraph of nodes and plain strings."""
    node = nodes.paragraph(classes=list(classes))
    for child in children:
        node += nodes.Text(child) if isinstance(child, str) else child
    return node


def _joined(items: Sequence[nodes.Node | list[nodes.Node]], last: str = " and ") -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            out.append(nodes.Text(last if index == len(items) - 1 else ", "))
        out.extend(item if isinstance(item, list) else [item])
    return out


def speaker_names(r: Renderer, entry: TalkEntry, affiliations: bool = True) -> list[nodes.Node]:
    """The talk's speakers, each linked to their page, with their affiliation at the time."""
    items: list[nodes.Node | list[nodes.Node]] = []
    for speaker in entry.talk.speakers:
        parts: list[nodes.Node] = [r.link(speaker.name, f"speakers/{speaker.speaker_id}", ["seminar-speaker"])]
        if affiliations and speaker.affiliation:
            parts.append(nodes.inline("", f" ({speaker.affiliation})", classes=["seminar-affiliation"]))
        items.append(parts)
    return _joined(items)


def when_node(r: Renderer, entry: TalkEntry, long: bool = True) -> time_node:
    """The talk's date and time in its series' zone, in a ``<time datetime>`` element."""
    moment = r.site.when(entry)
    text = moment.long_date() if long else moment.short_date()
    if moment.time_range():
        text += f", {moment.time_range()}"
    node = time_node(text, text, classes=["seminar-when"])
    node["datetime"] = moment.iso()
    if moment.end is not None:
        node["data_end"] = moment.end.isoformat()
        node["data_tz"] = moment.zone_label
    return node


def recording_url(site: Site, entry: TalkEntry) -> str | None:
    """Where to watch the talk afterwards: its recording, or the livestream of a past talk.

    The seminar streams on YouTube, where a livestream stays online as the recording.
    """
    return entry.talk.recording or (entry.talk.livestream if not site.is_upcoming(entry) else None)


def badges(site: Site, entry: TalkEntry) -> list[nodes.Node]:
    """Status and video badges of a talk (cancelled, postponed, recording)."""
    out: list[nodes.Node] = []
    if entry.talk.status != "scheduled":
        label = entry.talk.status.capitalize()
        out.append(nodes.inline("", label, classes=["seminar-badge", f"seminar-badge-{entry.talk.status}"]))
    if entry.talk.status != "cancelled" and recording_url(site, entry):
        out.append(nodes.inline("", "Recording", classes=["seminar-badge", "seminar-badge-recording"]))
    return out


def talk_header(r: Renderer, entry: TalkEntry) -> nodes.container:
    """The block under a talk's title: speakers, when, series, links."""
    box = nodes.container(classes=["seminar-talk-header"])
    box += para(*speaker_names(r, entry), classes=["seminar-speakers"])
    box += para(when_node(r, entry), classes=["seminar-when-line"])
    series = r.site.series_of(entry)
    if series is not None:
        term = f" ({series.series.term})" if series.series.term else ""
        box += para("Series: ", r.link(series.series.title, series.docname), term, classes=["seminar-series-line"])
    links: list[nodes.Node] = []
    livestream = "Livestream" if r.site.is_upcoming(entry) else "Livestream recording"
    for key, label in (("recording", "Watch the recording"), ("livestream", livestream), ("slides", "Slides")):
        url = getattr(entry.talk, key)
        if url:
            links.append(external(label, url, [f"seminar-link-{key}"]))
    line = para(*badges(r.site, entry), classes=["seminar-links"])
    for link in links:
        if len(line):
            line += nodes.Text(" ")
        line += link
    if len(line):
        box += line
    return box


def series_header(r: Renderer, entry: SeriesEntry) -> nodes.container:
    """The block under a series title: term, schedule and zone, partner courses, hosts."""
    series = entry.series
    box = nodes.container(classes=["seminar-series-header"])
    facts = nodes.bullet_list(classes=["seminar-facts"])

    def fact(label: str, *value: nodes.Node | str) -> None:
        facts.append(nodes.list_item("", para(nodes.strong(label, label), " ", *value)))

    if series.term:
        fact("Term:", series.term)
    if series.schedule:
        fact("When:", series.schedule)
    zone = series.timezone or r.site.config.timezone
    fact("Time zone:", f"{zone} (each talk page also shows your local time)")
    if series.courses:
        courses: list[nodes.Node | list[nodes.Node]] = [
            external(c.name, c.url) if c.url else nodes.Text(c.name) for c in series.courses
        ]
        fact("With:", *_joined(courses))
    if series.hosts:
        fact("Hosts:", ", ".join(series.hosts))
    count = len(r.site.by_series.get(entry.id, []))
    fact("Talks:", str(count))
    box += facts
    box += series_calendar_links(r, entry)
    return box


def talk_footer(r: Renderer, entry: TalkEntry) -> nodes.container:
    """After the abstract and bios: "Add to calendar", previous/next in the series, other talks, tags."""
    box = nodes.container(classes=["seminar-talk-footer"])
    box += talk_calendar_links(r, entry)
    previous, following = r.site.neighbours(entry)
    if previous or following:
        nav = nodes.container(classes=["seminar-series-nav"])
        if previous:
            nav += para("Previous in series: ", r.link(previous.talk.title, previous.docname), classes=["seminar-prev"])
        if following:
            nav += para("Next in series: ", r.link(following.talk.title, following.docname), classes=["seminar-next"])
        box += nav
    for speaker in entry.talk.speakers:
        info = r.site.speakers[speaker.speaker_id]
        others = [t for t in info.talks if t.docname != entry.docname]
        if others:
            heading = f"More talks by {info.name}"
            box += nodes.rubric(heading, heading)
            box += compact_list(r, list(reversed(others)))
    related = r.site.related(entry)
    if related:
        box += nodes.rubric("Related talks", "Related talks")
        box += compact_list(r, related)
    if entry.talk.tags:
        tags = _joined(
            [r.link(label, f"tags/{tag_id}", ["seminar-tag"]) for label, tag_id in r.site.tag_pairs[entry.docname]],
            ", ",
        )
        box += para("Tags: ", *tags, classes=["seminar-tags"])
    return box


def card(r: Renderer, entry: TalkEntry) -> nodes.container:
    """One talk as a card: title, speakers with affiliations, date and time, series, badges."""
    box = nodes.container(classes=["seminar-card", "seminar-item", f"seminar-status-{entry.talk.status}"])
    box += para(r.link(entry.talk.title, entry.docname), classes=["seminar-card-title"])
    box += para(*speaker_names(r, entry), classes=["seminar-speakers"])
    meta = para(when_node(r, entry, long=False), classes=["seminar-card-meta"])
    series = r.site.series_of(entry)
    if series is not None:
        meta += nodes.Text(" · ")
        meta += r.link(series.series.title, series.docname, ["seminar-series-link"])
    for badge in badges(r.site, entry):
        meta += nodes.Text(" ")
        meta += badge
    box += meta
    return box


def compact_item(r: Renderer, entry: TalkEntry) -> nodes.list_item:
    """One talk as a list line: date, title, speakers."""
    moment = r.site.when(entry)
    date = time_node(moment.short_date(), moment.short_date())
    date["datetime"] = moment.iso()
    item = nodes.list_item(classes=["seminar-compact-item", "seminar-item"])
    line = para(
        date, ": ", r.link(entry.talk.title, entry.docname), " — ", *speaker_names(r, entry, affiliations=False)
    )
    for badge in badges(r.site, entry):
        line += nodes.Text(" ")
        line += badge
    item += line
    return item


def compact_list(r: Renderer, talks: Iterable[TalkEntry]) -> nodes.bullet_list:
    """Talks as a compact bullet list."""
    listing = nodes.bullet_list(classes=["seminar-compact"])
    for entry in talks:
        listing += compact_item(r, entry)
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


def talks_block(r: Renderer, items: Sequence[TalkEntry | Break], style: str) -> nodes.Element:
    """Talks (and breaks) as cards or as a compact list."""
    if style == "compact":
        listing = nodes.bullet_list(classes=["seminar-compact"])
        for item in items:
            listing += compact_item(r, item) if isinstance(item, TalkEntry) else break_node(item, True)
        return listing
    grid = nodes.container(classes=["seminar-cards"])
    for item in items:
        grid += card(r, item) if isinstance(item, TalkEntry) else break_node(item, False)
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


def speaker_index(r: Renderer, speakers: Sequence[SpeakerInfo]) -> list[nodes.Node]:
    """Speakers A-Z under letter headings, each with a talk count."""
    if not speakers:
        return [para("No speakers yet.", classes=["seminar-empty"])]
    letters: dict[str, list[SpeakerInfo]] = {}
    for info in speakers:
        letters.setdefault(info.initial, []).append(info)
    out: list[nodes.Node] = []
    jump = para(classes=["seminar-letters"])
    for index, letter in enumerate(letters):
        if index:
            jump += nodes.Text(" ")
        jump += nodes.reference(letter, letter, internal=True, refuri=f"#letter-{letter.lower()}")
    out.append(jump)
    for letter, group in letters.items():
        out.append(nodes.rubric(letter, letter, ids=[f"letter-{letter.lower()}"]))
        listing = nodes.bullet_list(classes=["seminar-speaker-list"])
        for info in group:
            count = len(info.talks)
            listing += nodes.list_item(
                "", para(r.link(info.name, info.docname), f" ({count} talk{'s' if count != 1 else ''})")
            )
        out.append(listing)
    return out


def series_cards(r: Renderer) -> list[nodes.Node]:
    """Every series, newest first, as cards with term, schedule and talk count."""
    series = r.site.series_sorted()
    if not series:
        return [para("No series yet.", classes=["seminar-empty"])]
    grid = nodes.container(classes=["seminar-cards", "seminar-series-cards"])
    for entry in series:
        count = len(r.site.by_series.get(entry.id, []))
        box = nodes.container(classes=["seminar-card", "seminar-series-card"])
        box += para(r.link(entry.series.title, entry.docname), classes=["seminar-card-title"])
        details = [entry.series.term or "", entry.series.schedule or ""]
        box += para(" · ".join(d for d in details if d), classes=["seminar-card-meta"])
        box += para(f"{count} talk{'s' if count != 1 else ''}", classes=["seminar-card-count"])
        grid += box
    return [grid]


def group_heading(text: str) -> nodes.rubric:
    """A heading between groups of a listing."""
    return nodes.rubric(text, text, classes=["seminar-group"])
