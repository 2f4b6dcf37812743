"""The site's indexes: speakers A-Z, every series as a card, every tag (topic) with its count; a topic's page."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from ..model.slugs import plural
from ..site.indexes import Tag
from ..site.speakers import SpeakerInfo
from .calendar_links import site_calendar_links, topic_calendar_links
from .cards import compact_list
from .renderer import Renderer, para


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
            listing += nodes.list_item(
                "", para(r.link(info.name, info.docname), f" ({plural(len(info.talks), 'talk')})")
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
        box = nodes.container(classes=["seminar-card", "seminar-series-card"])
        box += para(r.link(entry.series.title, entry.docname), classes=["seminar-card-title"])
        details = [entry.series.term or "", entry.series.schedule or ""]
        box += para(" · ".join(d for d in details if d), classes=["seminar-card-meta"])
        box += para(plural(len(r.site.by_series.get(entry.id, [])), "talk"), classes=["seminar-card-count"])
        grid += box
    return [grid]


def tag_index(r: Renderer) -> list[nodes.Node]:
    """Every tag with its talk count, A-Z by id."""
    listing = nodes.bullet_list(classes=["seminar-tag-list"])
    for tag in r.site.tags.values():
        listing += nodes.list_item("", para(r.link(tag.label, tag.docname), f" ({plural(len(tag.talks), 'talk')})"))
    return [listing]


def topic_index(r: Renderer) -> list[nodes.Node]:
    """With a vocabulary: every topic A-Z by label, with its description and talk count."""
    if not r.site.tags:
        return [para("No topics yet.", classes=["seminar-empty"])]
    listing = nodes.bullet_list(classes=["seminar-topic-list"])
    for tag in r.site.tags.values():
        item = nodes.list_item(classes=["seminar-topic"])
        item += para(
            r.link(tag.label, tag.docname), f" ({plural(len(tag.talks), 'talk')})", classes=["seminar-topic-name"]
        )
        item += para(tag.description or "", classes=["seminar-topic-description"])
        listing += item
    return [listing]


def topic_body(r: Renderer, tag: Tag) -> list[nodes.Node]:
    """A topic's page (with a vocabulary): what it is, how to follow it, its talks newest first with their series."""
    out: list[nodes.Node] = [
        para(f"Topic · {plural(len(tag.talks), 'talk')}", classes=["seminar-topic-lead"]),
        para(tag.description or "", classes=["seminar-topic-description"]),
        topic_calendar_links(r, tag),
        site_calendar_links(r),
    ]
    if not tag.talks:
        out.append(para("No talks on this topic yet.", classes=["seminar-empty"]))
        return out
    newest = list(reversed(tag.talks))
    listing = compact_list(r, newest)
    for item, entry in zip(listing.children, newest, strict=True):
        series = r.site.series_of(entry)
        if series is not None:
            item[0] += nodes.Text(" · ")
            item[0] += r.link(series.series.title, series.docname, ["seminar-series-link"])
    out.append(listing)
    return out
