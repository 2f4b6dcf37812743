"""The site's indexes: speakers A-Z, every series as a card, every tag (topic) with its count; a topic's page."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

from ..domain.nodes import navigation
from ..model.slugs import plural
from ..rendering.calendar_links import site_calendar_links, topic_calendar_links
from ..rendering.cards import compact_list
from ..rendering.renderer import Renderer, para
from ..site.indexes import Tag
from ..site.speakers import SpeakerInfo, latest_affiliation

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def speaker_index(r: Renderer, speakers: Sequence[SpeakerInfo]) -> list[nodes.Node]:
    """Speakers A-Z in columns under letter headings, with an A-Z jump bar.

    Each speaker shows their latest affiliation and latest talk, and a talk count when they gave
    more than one.  The name is the entry's one link (to the speaker's page, which lists their
    talks): a second link, for the talk, would sit a line below it, closer than a finger can tell
    apart (WCAG 2.2 target size, which Lighthouse checks).  A letter no speaker's name is filed under is in the bar, greyed and
    not a link, so the bar reads as the alphabet.
    """
    if not speakers:
        return [para("No speakers yet.", classes=["seminar-empty"])]
    letters: dict[str, list[SpeakerInfo]] = {}
    for info in speakers:
        letters.setdefault(info.initial, []).append(info)
    anchors = {
        letter: r.unique_id(f"letter-{letter.lower()}" if letter != "#" else "letter-other") for letter in letters
    }
    bar = navigation(classes=["seminar-az"], label="Speakers by letter")
    line = para(classes=["seminar-letters"])
    for letter in [*LETTERS, *(k for k in letters if k not in LETTERS)]:
        if letter in anchors:
            line += nodes.reference(letter, letter, internal=True, refuri=f"#{anchors[letter]}")
        else:
            # Not a link: greyed, out of the tab order, and said to be unavailable.
            markup = f'<a role="link" aria-disabled="true" class="seminar-letter-none">{letter}</a>'
            line += nodes.raw("", markup, format="html")
        line += nodes.Text(" ")
    bar += line
    columns = nodes.container(classes=["seminar-speaker-index"])
    for letter, group in letters.items():
        box = nodes.container(classes=["seminar-letter-group"])
        heading = nodes.rubric(letter, letter, ids=[anchors[letter]], classes=["seminar-letter"])
        heading["heading-level"] = 2
        box += heading
        listing = nodes.bullet_list(classes=["seminar-speaker-list"])
        for info in group:
            listing += _speaker_item(r, info)
        box += listing
        columns += box
    return [bar, columns]


def _speaker_item(r: Renderer, info: SpeakerInfo) -> nodes.list_item:
    """A speaker: name (and talk count when more than one); latest affiliation and latest talk."""
    name = para(r.link(info.name, info.docname, ["seminar-speaker"]), classes=["seminar-speaker-name"])
    if len(info.talks) > 1:
        name += nodes.inline("", f" · {len(info.talks)} talks", classes=["seminar-talk-count"])
    latest = info.talks[-1]
    detail = para(classes=["seminar-speaker-latest"])
    affiliation = latest_affiliation(info)
    if affiliation:
        detail += nodes.inline("", affiliation, classes=["seminar-affiliation"])
        detail += nodes.Text(" · ")
    detail += nodes.inline("", latest.talk.title, classes=["seminar-latest-talk"])
    return nodes.list_item("", name, detail)


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
