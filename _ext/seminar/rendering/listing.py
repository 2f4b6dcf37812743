"""How a ``{talk-list}`` shows what it selects: cards, a compact list or a schedule, grouped, ready for the script.

The selection itself is :func:`seminar.site.query.select`.  ``:group-by: year|quarter|term|series|none``
puts headings between groups; ``:style: cards|compact|schedule`` picks the form of each talk.  A
series page's own listing defaults to the schedule by quarter, every other to ungrouped cards
(:func:`seminar.site.query.listing_form`).

The schedule (``:style: schedule``) is one column of talks in the listing's order, under a heading
per group, with a jump list to the groups: each talk is a row of its title and speakers, then its
date and time, its video, and its abstract, which opens in place (``<details>``, no script).  A
row does not name the series: on a series page, the page is the series.  Times are in the
series' zone; ``seminar.js`` rewrites them in the visitor's zone when it differs and says so once,
above the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence, Set
from typing import Any

from docutils import nodes

from ..domain.nodes import disclosure, disclosure_summary, navigation, time_node
from ..domain.report import warn
from ..model.metadata import Break
from ..model.slugs import page_id, plural, slugify
from ..site.entries import TalkEntry
from ..site.query import HORIZON_DAYS, date_order, listing_form, page_series, problems, select
from ..site.timing import academic_quarter
from .cards import break_node, empty_note, group_heading, talks_block
from .parts import badges, moment_node, recording_url, speaker_names
from .renderer import Renderer, external, para


def _group_key(r: Renderer, item: TalkEntry | Break, group_by: str, series_id: str | None) -> str:
    day = item.talk.date if isinstance(item, TalkEntry) else item.date
    if group_by == "year":
        return str(day.year)
    if group_by == "quarter":
        return academic_quarter(day)[2]
    series = r.site.series_by_id.get(item.talk.series if isinstance(item, TalkEntry) else (series_id or ""))
    if group_by == "term":
        return (series.series.term if series else None) or "Other"
    return series.series.title if series else "Other"


def render_talk_list(
    r: Renderer,
    options: dict[str, Any],
    location: Any = None,
    mark: Callable[[nodes.Element, TalkEntry], nodes.Element] | None = None,
) -> list[nodes.Node]:
    """The nodes of one ``{talk-list}``, wrapped so ``seminar.js`` can re-sort it by today's date.

    ``mark`` replaces the node of each talk (the talks index gives it the data its filters read).

    A page built last week must still be right: an upcoming list keeps every talk it shows (the
    script hides those that have ended), and a past list also carries, hidden, the talks of the
    next :data:`HORIZON_DAYS` days, which the script reveals once they are over.  Without
    JavaScript the build-time split stands.
    """
    if location is not None:
        for subtype, message in problems(r.site, r.docname, options):
            warn(subtype, message, location)
    items = select(r.site, r.docname, options)
    when = options.get("when", "all")
    later: set[str] = set()
    if when == "past":
        ahead = select(r.site, r.docname, {**options, "when": "upcoming", "reverse": None})
        horizon = r.site.today + dt.timedelta(days=HORIZON_DAYS)
        soon = [t for t in ahead if isinstance(t, TalkEntry) and t.talk.date <= horizon]
        later = {t.docname for t in soon}
        items = [*sorted(soon, key=date_order, reverse="reverse" not in options), *items]
    style, group_by = listing_form(r.docname, options)
    classes = ["seminar-talk-list", f"seminar-when-{when}"]
    if style == "schedule":
        classes.append("seminar-schedule")
    if "limit" in options:
        classes.append(f"seminar-limit-{options['limit']}")
    wrapper = nodes.container(classes=classes)
    visible = [i for i in items if not (isinstance(i, TalkEntry) and i.docname in later)]
    has_talks = any(isinstance(i, TalkEntry) for i in visible)
    if not has_talks or when != "all":  # the script may empty or fill a list split by date
        note = empty_note(r, when == "upcoming")
        if has_talks:
            note["classes"].append("seminar-later")
        wrapper += note
    featured = page_id(options["speaker"]) if "speaker" in options else ""
    series_id = options.get("series") or page_series(r.docname)
    groups: dict[str, list[TalkEntry | Break]] = {}
    for item in items:
        key = "" if group_by == "none" else _group_key(r, item, group_by, series_id)
        groups.setdefault(key, []).append(item)
    if style == "schedule":
        wrapper.extend(schedule(r, groups, later))
        return [wrapper]
    for heading, members in groups.items():
        if heading:
            wrapper += group_heading(heading)
        block = talks_block(r, members, style, featured)
        for node, member in zip(block.children, members, strict=True):
            if isinstance(member, TalkEntry) and member.docname in later:
                node["classes"].append("seminar-later")
        if mark is not None:
            for index, member in enumerate(members):
                if isinstance(member, TalkEntry):
                    block[index] = mark(block[index], member)
        wrapper += block
    return [wrapper]


def row_when(r: Renderer, entry: TalkEntry) -> time_node:
    """``Oct 8 · 3:00–4:00 PM PT``: the year is in the group's heading, the weekday on the talk's page."""
    moment = r.site.when(entry)
    text = f"{moment.date:%b} {moment.date.day}"
    if moment.time_range():
        text += f" · {moment.time_range()}"
    return moment_node(moment, text, ["seminar-row-when"])


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
