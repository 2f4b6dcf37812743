"""How a ``{talk-list}`` shows what it selects: cards, a compact list or a schedule, grouped, ready for the script.

The selection itself is :func:`seminar.site.query.select`.  ``:group-by: year|quarter|term|series|none``
puts headings between groups; ``:style: cards|compact|schedule`` picks the form of each talk.  A
series page's own listing defaults to the schedule by quarter, every other to ungrouped cards
(:func:`seminar.site.query.listing_form`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docutils import nodes

from ..domain.report import warn
from ..model.metadata import Break
from ..model.slugs import page_id
from ..site.entries import TalkEntry
from ..site.query import HORIZON_DAYS, date_order, listing_form, page_series, problems, select
from ..site.timing import academic_quarter
from .cards import empty_note, group_heading, talks_block
from .renderer import Renderer
from .schedule import schedule


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


def render_talk_list(r: Renderer, options: dict[str, Any], location: Any = None) -> list[nodes.Node]:
    """The nodes of one ``{talk-list}``, wrapped so ``seminar.js`` can re-sort it by today's date.

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
        wrapper += block
    return [wrapper]
