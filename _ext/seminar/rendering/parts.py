"""The pieces every view of a talk shows: its speakers, its date and time, its badges."""

from __future__ import annotations

from docutils import nodes

from ..domain.nodes import time_node
from ..site.entries import TalkEntry
from ..site.indexes import Site
from ..site.timing import When
from .pictures import HEADER_SIZE, picture
from .renderer import Renderer, joined

NAMES_SHOWN = 3
"""How many of a talk's speakers a card or a compact list names, when the talk has more than one more."""


def speaker_names(
    r: Renderer,
    entry: TalkEntry,
    affiliations: bool = True,
    *,
    brief: bool = False,
    featured: str = "",
    pictures: bool = False,
    omit: str = "",
) -> list[nodes.Node]:
    """The talk's speakers, each linked to their page, with their affiliation at the time.

    The talk's own page names every speaker.  Elsewhere (``brief``: a card, a line of a list) a
    talk of many speakers would make every page that lists it grow with their number, and a
    speaker page list each co-speaker of each talk: past :data:`NAMES_SHOWN` + 1 speakers, the
    first :data:`NAMES_SHOWN` are named (the ``featured`` speaker among them: the one the page or
    the listing is about), then "and N others".  With ``pictures`` (the talk's header), each name
    starts with the speaker's small photo or avatar, inside its link.  The speaker ``omit`` is left
    out (the one whose own page lists the talk); none is left for a talk they gave alone.
    """
    speakers = [s for s in entry.talk.speakers if s.speaker_id != omit]
    shown = speakers
    if brief and len(speakers) > NAMES_SHOWN + 1:
        shown = speakers[:NAMES_SHOWN]
        match = [s for s in speakers[NAMES_SHOWN:] if s.speaker_id == featured][:1]
        if match:
            shown = [*shown[:-1], *match]
    items: list[nodes.Node | list[nodes.Node]] = []
    for speaker in shown:
        link = r.link(speaker.name, f"speakers/{speaker.speaker_id}", ["seminar-speaker"])
        if pictures:
            link.insert(0, picture(r, r.site.speakers[speaker.speaker_id], HEADER_SIZE))
        parts: list[nodes.Node] = [link]
        if affiliations and speaker.affiliation:
            parts.append(nodes.inline("", f" ({speaker.affiliation})", classes=["seminar-affiliation"]))
        items.append(parts)
    if len(shown) < len(speakers):
        others = f"{len(speakers) - len(shown)} others"
        items.append(nodes.inline(others, others, classes=["seminar-more-speakers"]))
    return joined(items)


def moment_node(moment: When, text: str, classes: list[str]) -> time_node:
    """``text`` in a ``<time datetime>`` element, with the end and zone the local-time script reads."""
    node = time_node(text, text, classes=classes)
    node["datetime"] = moment.iso()
    if moment.end is not None:
        node["data_end"] = moment.end.isoformat()
        node["data_tz"] = moment.zone_label
    return node


def when_node(r: Renderer, entry: TalkEntry, long: bool = True) -> time_node:
    """The talk's date and time in its series' zone, in a ``<time datetime>`` element."""
    moment = r.site.when(entry)
    text = moment.long_date() if long else moment.short_date()
    if moment.time_range():
        text += f", {moment.time_range()}"
    return moment_node(moment, text, ["seminar-when"])


def recording_url(site: Site, entry: TalkEntry) -> str | None:
    """Where to watch the talk afterwards: its recording, or the livestream of a past talk.

    The seminar streams on YouTube, where a livestream stays online as the recording.
    """
    return entry.talk.recording or (entry.talk.livestream if not site.is_upcoming(entry) else None)


def badges(entry: TalkEntry) -> list[nodes.Node]:
    """The badges of a talk: its status when it is not as announced (cancelled, postponed).

    Badges carry information only: nearly every past talk has a recording, so a badge saying so
    said nothing on most of them; the talk page leads to the video.
    """
    if entry.talk.status == "scheduled":
        return []
    label = entry.talk.status.capitalize()
    return [nodes.inline("", label, classes=["seminar-badge", f"seminar-badge-{entry.talk.status}"])]
