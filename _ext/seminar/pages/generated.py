"""The bodies of the generated pages: a speaker's page, the speaker, talk and tag (topic) indexes, a tag's (topic's) page.

The talks index, with its filters, is :mod:`seminar.pages.filters`.

A speaker's page shows their details, affiliation history, talks and bios (newest first); a
hand-written ``speakers/<id>.md`` gets the same appended after its own text
(:func:`fill_speaker_document`).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import new_document

from ..rendering.calendar_links import site_calendar_links
from ..rendering.cards import compact_list
from ..rendering.listing import render_talk_list
from ..rendering.pictures import page_picture
from ..rendering.renderer import Renderer, external, para
from ..site.catalog import GeneratedPage
from ..site.speakers import SpeakerInfo
from .filters import talk_index
from .indexes import speaker_index, tag_index, topic_body, topic_index


def speaker_body(r: Renderer, info: SpeakerInfo) -> list[nodes.Node]:
    """A speaker's details, affiliation history, talks and bios (newest first)."""
    out: list[nodes.Node] = []
    extra = info.page.page if info.page else None
    if extra and (extra.pronouns or extra.homepage):
        line = para(classes=["seminar-speaker-details"])
        if extra.pronouns:
            line += nodes.Text(f"Pronouns: {extra.pronouns}")
        if extra.homepage:
            if extra.pronouns:
                line += nodes.Text(" · ")
            line += external("Homepage", extra.homepage)
        out.append(line)
    history = info.affiliations()
    if history:
        out.append(nodes.rubric("Affiliations", "Affiliations"))
        listing = nodes.bullet_list(classes=["seminar-affiliations"])
        for item in reversed(history):
            span = f"{item.first:%b %Y}" if item.first == item.last else f"{item.first:%b %Y} – {item.last:%b %Y}"
            listing += nodes.list_item("", para(f"{item.name} ({span})"))
        out.append(listing)
    heading = f"Talks ({len(info.talks)})"
    out.append(nodes.rubric(heading, heading))
    listing = compact_list(r, reversed(info.talks), omit=info.id)  # their own page: name only co-speakers
    for item, entry in zip(listing.children, reversed(info.talks), strict=True):
        series = r.site.series_of(entry)
        if series is not None:
            item[0] += nodes.Text(" · ")
            item[0] += r.link(series.series.title, series.docname, ["seminar-series-link"])
    out.append(listing)
    bios = [(entry, entry.bios[info.id]) for entry in reversed(info.talks) if entry.bios.get(info.id)]
    if bios:
        out.append(nodes.rubric("Bio", "Bio"))
        seen: set[str] = set()
        for entry, bio in bios:
            text = "".join(node.astext() for node in bio)
            if text in seen:
                continue  # the same bio given for two talks is shown once
            seen.add(text)
            box = nodes.container(classes=["seminar-bio"])
            moment = r.site.when(entry)
            box += para(
                "From ",
                r.link(entry.talk.title, entry.docname),
                f" ({moment.short_date()}):",
                classes=["seminar-bio-source"],
            )
            box.extend(r.copied(bio, entry.docname, f"bio-{entry.slug}-"))
            out.append(box)
    return out


def fill_speaker_document(r: Renderer, doctree: nodes.Element) -> None:
    """Append the generated speaker content to a hand-written ``speakers/<id>.md`` (its doctree, or its part of one)."""
    info = r.site.speakers.get(r.docname.rsplit("/", 1)[-1])
    if info is None:
        return
    sections = list(doctree.findall(nodes.section))
    target = sections[0] if sections else doctree
    placed = (c for c in target.children if isinstance(c, nodes.container))
    if not any("seminar-speaker-picture" in box["classes"] for box in placed):
        # No photo was placed when the page was read (none, or a remote one): the avatar, under the title.
        at = 1 if len(target) and isinstance(target[0], nodes.title) else 0
        target.insert(at, page_picture(r, info))
    target.extend(speaker_body(r, info))


def page_body(r: Renderer, page: GeneratedPage) -> list[nodes.Node]:
    """The body of a generated page, rendered when the page is written."""
    if page.speaker is not None:
        return speaker_body(r, page.speaker)
    if page.tag is not None and r.site.vocabulary is not None:
        return topic_body(r, page.tag)
    if page.tag is not None:
        options = {"series": "all", "tag": page.tag.id, "style": "compact", "reverse": None}
        return render_talk_list(r, options)
    if page.kind == "speakers":
        return speaker_index(r, r.site.sorted_speakers())
    if page.kind == "talks":
        return talk_index(r)
    return topic_index(r) if r.site.vocabulary is not None else tag_index(r)


def _is_topic(r: Renderer, page: GeneratedPage) -> bool:
    """Whether the page is a topic's (a tag's page with a vocabulary), which places "Subscribe to all talks" itself."""
    return page.tag is not None and r.site.vocabulary is not None


def page_doctree(r: Renderer, page: GeneratedPage) -> nodes.document:
    """The page as a document with one titled section; a fresh render, so its nodes need no copy."""
    document = new_document(page.name)
    section = nodes.section(ids=[page.name.rsplit("/", 1)[-1]], names=[nodes.fully_normalize_name(page.title)])
    section += nodes.title(page.title, page.title)
    if page.speaker is not None:
        section += page_picture(r, page.speaker)
    elif not _is_topic(r, page):  # the indexes and tag pages list talks: offer every talk to follow
        section += site_calendar_links(r)
    section.extend(page_body(r, page))
    document += section
    return document
