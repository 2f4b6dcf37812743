"""The pieces every view of a talk shows: its speakers, its date and time, its badges."""

from __future__ import annotations

from docutils import nodes

from ..domain.nodes import time_node
from ..site.entries import TalkEntry
from ..site.indexes import Site
from .renderer import Renderer, joined


def speaker_names(r: Renderer, entry: TalkEntry, affiliations: bool = True) -> list[nodes.Node]:
    """The talk's speakers, each linked to their page, with their affiliation at the time."""
    items: list[nodes.Node | list[nodes.Node]] = []
    for speaker in entry.talk.speakers:
        parts: list[nodes.Node] = [r.link(speaker.name, f"speakers/{speaker.speaker_id}", ["seminar-speaker"])]
        if affiliations and speaker.affiliation:
            parts.append(nodes.inline("", f" ({speaker.affiliation})", classes=["seminar-affiliation"]))
        items.append(parts)
    return joined(items)


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
