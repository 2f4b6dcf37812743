"""The ``{featured-talk}`` card: the next talk, or when none is scheduled the latest, first on the home page.

A visitor who opens the home page should see, without scrolling, what the seminar does next: the
talk's title, speakers, date and time (the page's script adds the visitor's own), where to watch
and how to add it to a calendar; then the line to subscribe to every talk.

The page is read days after it is built, so the block carries the next few upcoming talks
(:func:`seminar.site.query.featured`), all but the first hidden; ``seminar.js`` shows the first
that has not ended, and once all have, the last of them as the latest talk.  Words that depend on
whether the talk is still ahead ("Next talk" or "Latest talk", "Watch live" or "Watch the
recording", the calendar links) come in both forms, one hidden, so the script only swaps classes.
Without JavaScript the build-time card stands.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from ..domain.report import warn
from ..model.pagekinds import PageKind, page_kind
from ..rendering.calendar_links import google_url, site_calendar_links
from ..rendering.cards import empty_note
from ..rendering.parts import recording_url, speaker_names, when_node
from ..rendering.renderer import Renderer, para
from ..site.entries import TalkEntry
from ..site.query import featured, problems
from ..site.urls import talk_ics

NEXT = "seminar-featured-next"
"""Class of what a card shows while its talk is ahead (hidden by the script once it has ended)."""
LATEST = "seminar-featured-latest"
"""Class of what a card shows once its talk is over."""
HIDDEN = "seminar-later"
"""The class that hides an element (``seminar.css``); the script toggles it."""


def _either(ahead: nodes.Node | str, over: nodes.Node | str, upcoming: bool) -> list[nodes.Node]:
    """Both forms of a piece, the one that does not apply at build time hidden."""
    out: list[nodes.Node] = []
    for content, cls, shown in ((ahead, NEXT, upcoming), (over, LATEST, not upcoming)):
        node = nodes.inline(classes=[cls] if shown else [cls, HIDDEN])
        node += nodes.Text(content) if isinstance(content, str) else content
        out.append(node)
    return out


def _watch(r: Renderer, entry: TalkEntry, upcoming: bool) -> nodes.reference | None:
    """Where to watch: the livestream (or the channel) of a talk ahead, the recording of one that is over."""
    talk = entry.talk
    url = (talk.livestream or talk.recording) if upcoming else recording_url(r.site, entry)
    live, recorded = "Watch live", "Watch the recording"
    if url is None and upcoming and r.site.config.youtube_channel:
        url, live, recorded = r.site.config.youtube_channel, "Watch live on YouTube", "Find it on YouTube"
    if url is None:
        return None
    if upcoming and not talk.livestream and talk.recording:
        live = recorded  # a recording given before the day: it is what there is to watch
    link = nodes.reference("", "", refuri=url, classes=["seminar-action", "seminar-action-watch"])
    link.extend(_either(live, recorded, upcoming))
    return link


def _calendar(r: Renderer, entry: TalkEntry) -> list[nodes.Node]:
    """ "Add to calendar" (the talk's ``.ics``) and "Add to Google Calendar": for a talk ahead only."""
    return [
        r.file_link("Add to calendar", talk_ics(entry), ["seminar-action", "seminar-action-ics"]),
        nodes.reference(
            "Google Calendar",
            "Google Calendar",
            refuri=google_url(r.site, r.links, entry),
            classes=["seminar-action", "seminar-action-google"],
        ),
    ]


def featured_card(r: Renderer, entry: TalkEntry, shown: bool = True) -> nodes.container:
    """One talk as the home page's card: what it is, who, when, and what to do about it."""
    upcoming = r.site.is_upcoming(entry)
    classes = ["seminar-featured-talk"] + ([] if shown else [HIDDEN])
    card = nodes.container(classes=classes)
    label = para(*_either("Next talk", "Latest talk", upcoming), classes=["seminar-featured-label"])
    series = r.site.series_of(entry)
    if series is not None:
        label += nodes.Text(" · ")
        label += r.link(series.series.title, series.docname, ["seminar-series-link"])
        if series.series.term:
            label += nodes.Text(f" ({series.series.term})")
    card += label
    card += para(r.link(entry.talk.title, entry.docname), classes=["seminar-featured-title"])
    card += para(*speaker_names(r, entry, brief=True), classes=["seminar-speakers"])
    card += para(when_node(r, entry), classes=["seminar-when-line"])
    actions = para(classes=["seminar-featured-actions"])
    watch = _watch(r, entry, upcoming)
    if watch is not None:
        actions += watch
    if upcoming:
        calendar = nodes.inline(classes=[NEXT])
        for link in _calendar(r, entry):
            if len(calendar) or len(actions):
                calendar += nodes.Text(" ")
            calendar += link
        actions += calendar
    if len(actions):
        card += actions
    return card


def featured_talk(r: Renderer, options: dict[str, Any], location: Any = None) -> list[nodes.Node]:
    """The nodes of a ``{featured-talk}``: its cards (one shown) and, but on a series page, "Subscribe to all talks"."""
    if location is not None:
        for subtype, message in problems(r.site, r.docname, options, "featured-talk"):
            warn(subtype, message, location)
    talks = featured(r.site, r.docname, options)
    box = nodes.container(classes=["seminar-featured"])
    if not talks:
        box += empty_note(r, upcoming=True)
    for index, entry in enumerate(talks):
        box += featured_card(r, entry, shown=index == 0)
    if page_kind(r.docname) is not PageKind.SERIES:  # a series page has the line in its header already
        box += site_calendar_links(r)
    return [box]
