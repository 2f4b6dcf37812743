"""The blocks around a page's own content: a talk's header and footer, a series' header."""

from __future__ import annotations

from docutils import nodes

from ..rendering.calendar_links import series_calendar_links, site_calendar_links, talk_calendar_links
from ..rendering.cards import compact_list
from ..rendering.parts import badges, speaker_names, when_node
from ..rendering.renderer import Renderer, external, joined, para
from ..site.entries import SeriesEntry, TalkEntry
from ..site.indexes import MORE_BY_SPEAKERS, MORE_BY_TALKS
from ..site.timing import zone_name


def talk_header(r: Renderer, entry: TalkEntry) -> nodes.container:
    """The block under a talk's title: speakers, when, series, links."""
    box = nodes.container(classes=["seminar-talk-header"])
    box += para(*speaker_names(r, entry, pictures=True), classes=["seminar-speakers"])
    box += para(when_node(r, entry), classes=["seminar-when-line"])
    series = r.site.series_of(entry)
    if series is not None:
        term = f" ({series.series.term})" if series.series.term else ""
        box += para("Series: ", r.link(series.series.title, series.docname), term, classes=["seminar-series-line"])
    # The video (the recording, or the livestream before the talk) has one way in: the video slot
    # under this header (seminar.rendering.video); the header links to what the slot does not show.
    links: list[nodes.Node] = []
    if entry.talk.slides:
        links.append(external("Slides", entry.talk.slides, ["seminar-link-slides"]))
    line = para(*badges(entry), classes=["seminar-links"])
    for link in links:
        if len(line):
            line += nodes.Text(" ")
        line += link
    if len(line):
        box += line
    return box


def series_header(r: Renderer, entry: SeriesEntry) -> nodes.container:
    """The block under a series title: term, schedule and zone, partner courses, hosts, subscriptions."""
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
    starts = [moment.start for t in r.site.by_series.get(entry.id, []) if (moment := r.site.when(t)).start]
    fact("Time zone:", f"{zone_name(zone, starts)}; each talk page also shows your local time")
    if series.courses:
        courses: list[nodes.Node | list[nodes.Node]] = [
            external(c.name, c.url) if c.url else nodes.Text(c.name) for c in series.courses
        ]
        fact("With:", *joined(courses))
    if series.hosts:
        fact("Hosts:", ", ".join(series.hosts))
    count = len(r.site.by_series.get(entry.id, []))
    fact("Talks:", str(count))
    box += facts
    box += series_calendar_links(r, entry)
    box += site_calendar_links(r)
    return box


def _more_talks_by(r: Renderer, entry: TalkEntry) -> list[nodes.Node]:
    """ "More talks by" blocks (:meth:`seminar.site.indexes.Site.more_by_speakers`), each with a link to the rest."""
    found = r.site.more_by_speakers(entry)
    out: list[nodes.Node] = []
    for info, others in found[:MORE_BY_SPEAKERS]:
        heading = f"More talks by {info.name}"
        out.append(nodes.rubric(heading, heading))
        out.append(compact_list(r, others[:MORE_BY_TALKS], featured=info.id))
        if len(others) > MORE_BY_TALKS:
            text = f"All {len(info.talks)} talks by {info.name}"
            out.append(para(r.link(text, info.docname), classes=["seminar-more-talks"]))
    if len(found) > MORE_BY_SPEAKERS:
        rest = len(found) - MORE_BY_SPEAKERS
        text = f"{rest} more of its speakers gave other talks; their pages list them."
        out.append(para(text, classes=["seminar-more-talks"]))
    return out


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
    box.extend(_more_talks_by(r, entry))
    related = r.site.related(entry)
    if related:
        box += nodes.rubric("Related talks", "Related talks")
        box += compact_list(r, related)
    pairs = r.site.tag_pairs[entry.docname]  # with a vocabulary: its known topics, by label
    if pairs:
        tags = joined([r.link(label, f"tags/{tag_id}", ["seminar-tag"]) for label, tag_id in pairs], ", ")
        heading = "Topics: " if r.site.vocabulary is not None else "Tags: "
        box += para(heading, *tags, classes=["seminar-tags"])
    return box
