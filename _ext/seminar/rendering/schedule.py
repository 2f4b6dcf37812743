"""A series' schedule: one column of talks in date order, under a heading per quarter, with a jump list.

The form a series page's own ``{talk-list}`` takes (``:style: schedule``): each talk is a row of
its title and speakers, then its date and time, its video, and its abstract, which opens in place
(``<details>``, no script).  A row does not name the series: the page is the series.  Times are
in the series' zone; ``seminar.js`` rewrites them in the visitor's zone when it differs and says
so once, above the list.
"""

from __future__ import annotations

from collections.abc import Sequence, Set

from docutils import nodes

from ..domain.nodes import disclosure, disclosure_summary, navigation, time_node
from ..model.metadata import Break
from ..model.slugs import plural, slugify
from ..site.entries import TalkEntry
from .cards import break_node
from .parts import badges, recording_url, speaker_names
from .renderer import Renderer, external, para


def row_when(r: Renderer, entry: TalkEntry) -> time_node:
    """``Oct 8 · 3:00–4:00 PM PT``: the year is in the group's heading, the weekday on the talk's page."""
    moment = r.site.when(entry)
    text = f"{moment.date:%b} {moment.date.day}"
    if moment.time_range():
        text += f" · {moment.time_range()}"
    node = time_node(text, text, classes=["seminar-row-when"])
    node["datetime"] = moment.iso()
    if moment.end is not None:
        node["data_end"] = moment.end.isoformat()
        node["data_tz"] = moment.zone_label
    return node


def _video(r: Renderer, entry: TalkEntry) -> nodes.Element | None:
    """A link to the talk's video: the recording, or before the talk its livestream."""
    url = recording_url(r.site, entry)
    label = "Video"
    if url is None and entry.talk.livestream and entry.talk.status != "cancelled":
        url, label = entry.talk.livestream, "Livestream"
    if url is None:
        return None
    link = external("", url, ["seminar-row-video"])
    link += nodes.Text(label)
    # Every row has one: the hidden words tell them apart in a screen reader's list of links.
    link += nodes.inline("", f" of “{entry.talk.title}”", classes=["seminar-visually-hidden"])
    return link


def schedule_row(r: Renderer, entry: TalkEntry) -> nodes.container:
    """One talk: title and speakers; date, time and video; the abstract, closed until clicked."""
    row = nodes.container(classes=["seminar-row", "seminar-item", f"seminar-status-{entry.talk.status}"])
    title = para(r.link(entry.talk.title, entry.docname), classes=["seminar-row-title"])
    names = speaker_names(r, entry, brief=True)
    if names:
        title += nodes.inline("", "", nodes.Text(" — "), *names, classes=["seminar-row-speakers"])
    row += title
    meta = para(row_when(r, entry), classes=["seminar-row-meta"])
    video = _video(r, entry)
    if video is not None:
        meta += nodes.Text(" · ")
        meta += video
    for badge in badges(entry):
        meta += nodes.Text(" ")
        meta += badge
    row += meta
    abstract = entry.abstract_text().strip()
    if abstract:
        # The abstract as text, as every other page that shows it outside the talk page (feeds,
        # calendars, descriptions): the stored entry keeps its text, so a rebuild shows the same.
        box = disclosure(classes=["seminar-row-abstract"])
        box += disclosure_summary("", "Abstract")
        for paragraph in abstract.split("\n\n"):
            box += para(paragraph.strip())
        row += box
    return row


def schedule_rows(r: Renderer, items: Sequence[TalkEntry | Break], later: Set[str] = frozenset()) -> nodes.container:
    """Talks and breaks, one row each, in the order given; the talks in ``later`` hidden (for the script)."""
    rows = nodes.container(classes=["seminar-rows"])
    for item in items:
        if isinstance(item, TalkEntry):
            row = schedule_row(r, item)
            if item.docname in later:
                row["classes"].append("seminar-later")
            rows += row
        else:
            rows += break_node(item, False)
    return rows


def schedule(
    r: Renderer, groups: dict[str, list[TalkEntry | Break]], later: Set[str] = frozenset()
) -> list[nodes.Node]:
    """The rows under a heading per group (``""``: no heading), and a jump list when there are several."""
    out: list[nodes.Node] = []
    anchors = {label: r.unique_id(f"talks-{slugify(label) or 'other'}") for label in groups if label}
    if len(anchors) > 1:
        jump = navigation(classes=["seminar-jump"], label="Jump to")
        listing = nodes.bullet_list(classes=["seminar-jump-list"])
        for label, anchor in anchors.items():
            listing += nodes.list_item("", para(nodes.reference(label, label, internal=True, refuri=f"#{anchor}")))
        jump += listing
        out.append(jump)
    for label, members in groups.items():
        if label:
            heading = nodes.rubric(label, label, ids=[anchors[label]], classes=["seminar-group"])
            heading["heading-level"] = 2
            count = plural(sum(isinstance(i, TalkEntry) for i in members), "talk")
            heading += nodes.inline("", f" · {count}", classes=["seminar-group-count"])
            out.append(heading)
        out.append(schedule_rows(r, members, later))
    return out
