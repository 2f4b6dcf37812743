"""What a ``{talk-list}`` shows: the query behind its options, and its rendering.

Options (DESIGN 1.4): ``:series:`` (default: the page's own series on a series page, else all;
``all`` for every series), ``:speaker:``, ``:tag:``, ``:when: upcoming|past|all`` (default all),
``:limit:``, ``:reverse:``, ``:group-by: year|term|series|none`` (default none) and
``:style: cards|compact`` (default cards).  Talks are in date order, except ``:when: past``,
which lists the newest first; ``:reverse:`` flips either.  A listing of one series shows its
breaks in place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from docutils import nodes

from .domain import TalkEntry
from .model import Break
from .pagekinds import PageKind, page_kind
from .render import Renderer, empty_note, group_heading, talks_block
from .slugs import slugify
from .warnings_ import Subtype, warn

HORIZON_DAYS = 90  # how far ahead a past list carries talks that may have happened since the build


def page_series(docname: str) -> str | None:
    """The series id of a series page, else ``None``."""
    return docname.rsplit("/", 1)[-1] if page_kind(docname) is PageKind.SERIES else None


def select(r: Renderer, options: dict[str, Any], location: Any = None) -> list[TalkEntry | Break]:
    """The talks (and breaks) a listing with ``options`` shows on the page being rendered."""
    site = r.site
    series_id = options.get("series") or page_series(r.docname) or "all"
    # Start from the smallest index that applies (a speaker's or a tag's talks, else the
    # series'), so a listing costs what it shows, not the size of the site; then filter.
    candidates: list[list[TalkEntry]] = []
    if series_id != "all":
        if series_id not in site.series_by_id and location is not None:
            warn(Subtype.UNKNOWN_SERIES, f"{{talk-list}} names unknown series {series_id!r}", location)
        candidates.append(site.by_series.get(series_id, []))
    speaker_id = slugify(options["speaker"]) if "speaker" in options else None
    if speaker_id is not None:
        if speaker_id not in site.speakers and location is not None:
            warn(Subtype.UNKNOWN_TARGET, f"{{talk-list}} names unknown speaker {options['speaker']!r}", location)
        candidates.append(site.speakers[speaker_id].talks if speaker_id in site.speakers else [])
    tag_id = slugify(options["tag"]) if "tag" in options else None
    if tag_id is not None:
        candidates.append(site.tags[tag_id].talks if tag_id in site.tags else [])
    talks = min(candidates, key=len) if candidates else site.talks
    if series_id != "all":
        talks = [t for t in talks if t.talk.series == series_id]
    if speaker_id is not None:
        talks = [t for t in talks if any(s.speaker_id == speaker_id for s in t.talk.speakers)]
    if tag_id is not None:
        talks = [t for t in talks if tag_id in site.tag_ids[t.docname]]
    when = options.get("when", "all")
    if when == "upcoming":
        talks = [t for t in talks if site.is_upcoming(t)]
    elif when == "past":
        talks = [t for t in talks if not site.is_upcoming(t)]
    items: list[TalkEntry | Break] = list(talks)
    if series_id != "all" and series_id in site.series_by_id and not {"speaker", "tag"} & set(options):
        items += [b for b in site.series_by_id[series_id].series.breaks if _in_window(site, b, when)]
    newest_first = (when == "past") != ("reverse" in options)
    items.sort(key=_date_of, reverse=newest_first)
    if "limit" in options:
        items = _limit_talks(items, options["limit"])
    return items


def _in_window(site: Any, item: Break, when: str) -> bool:
    if when == "upcoming":
        return bool(item.date >= site.today)
    if when == "past":
        return bool(item.date < site.today)
    return True


def _date_of(item: TalkEntry | Break) -> tuple[Any, ...]:
    return item.sort_key if isinstance(item, TalkEntry) else (item.date, "", "")


def _limit_talks(items: list[TalkEntry | Break], limit: int) -> list[TalkEntry | Break]:
    """The first ``limit`` talks, with the breaks that fall among them."""
    out: list[TalkEntry | Break] = []
    count = 0
    for item in items:
        if isinstance(item, TalkEntry):
            if count == limit:
                break
            count += 1
        out.append(item)
    while out and isinstance(out[-1], Break):
        out.pop()
    return out


def _group_key(r: Renderer, item: TalkEntry | Break, group_by: str, series_id: str | None) -> str:
    if group_by == "year":
        return str((item.talk.date if isinstance(item, TalkEntry) else item.date).year)
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
    items = select(r, options, location)
    when = options.get("when", "all")
    later: set[str] = set()
    if when == "past":
        ahead = select(r, {**options, "when": "upcoming", "reverse": None}, None)
        horizon = r.site.today + dt.timedelta(days=HORIZON_DAYS)
        soon = [t for t in ahead if isinstance(t, TalkEntry) and t.talk.date <= horizon]
        later = {t.docname for t in soon}
        items = [*sorted(soon, key=_date_of, reverse="reverse" not in options), *items]
    style = options.get("style", "cards")
    classes = ["seminar-talk-list", f"seminar-when-{when}"]
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
    group_by = options.get("group-by", "none")
    series_id = options.get("series") or page_series(r.docname)
    groups: dict[str, list[TalkEntry | Break]] = {}
    for item in items:
        key = "" if group_by == "none" else _group_key(r, item, group_by, series_id)
        groups.setdefault(key, []).append(item)
    for heading, members in groups.items():
        if heading:
            wrapper += group_heading(heading)
        block = talks_block(r, members, style)
        for node, member in zip(block.children, members, strict=True):
            if isinstance(member, TalkEntry) and member.docname in later:
                node["classes"].append("seminar-later")
        wrapper += block
    return [wrapper]
