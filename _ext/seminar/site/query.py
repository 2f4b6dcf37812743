"""The query behind a ``{talk-list}``: which talks (and breaks) its options select, in which order.

Options (REFERENCE.md, "`{talk-list}` options"): ``:series:`` (default: the page's own series on a series
page, else all; ``all`` for every series), ``:speaker:``, ``:tag:``, ``:when: upcoming|past|all``
(default all), ``:limit:`` and ``:reverse:``.  Talks are in date order, except ``:when: past``,
which lists the newest first; ``:reverse:`` flips either.  A listing of one series shows its
breaks in place.  :mod:`seminar.rendering.listing` shows what this selects; the incremental build
digests the same selection.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model.metadata import Break
from ..model.pagekinds import PageKind, page_kind
from ..model.slugs import page_id
from ..model.subtypes import Subtype
from .entries import TalkEntry
from .indexes import Site

HORIZON_DAYS = 90  # how far ahead a past list carries talks that may have happened since the build


def page_series(docname: str) -> str | None:
    """The series id of a series page, else ``None``."""
    return docname.rsplit("/", 1)[-1] if page_kind(docname) is PageKind.SERIES else None


def listing_form(docname: str, options: Mapping[str, Any]) -> tuple[str, str]:
    """How a listing shows what it selects: its ``:style:`` and ``:group-by:``, defaults filled in.

    A series page's listing of its own talks (no ``:series:`` of another, no ``:speaker:`` or
    ``:tag:``) defaults to the schedule grouped by academic quarter; every other listing to cards,
    ungrouped.  An option given always wins.
    """
    own = page_series(docname)
    schedule = own is not None and options.get("series", own) == own and not {"speaker", "tag"} & set(options)
    style = options.get("style") or ("schedule" if schedule else "cards")
    group_by = options.get("group-by") or ("quarter" if schedule and "style" not in options else "none")
    return str(style), str(group_by)


def select(site: Site, docname: str, options: Mapping[str, Any]) -> list[TalkEntry | Break]:
    """The talks (and breaks) a listing with ``options`` shows on the page ``docname``."""
    series_id = options.get("series") or page_series(docname) or "all"
    # Start from the smallest index that applies (a speaker's or a tag's talks, else the
    # series'), so a listing costs what it shows, not the size of the site; then filter.
    candidates: list[list[TalkEntry]] = []
    if series_id != "all":
        candidates.append(site.by_series.get(series_id, []))
    speaker_id = page_id(options["speaker"]) if "speaker" in options else None
    if speaker_id is not None:
        candidates.append(site.speakers[speaker_id].talks if speaker_id in site.speakers else [])
    tag_id = page_id(options["tag"]) if "tag" in options else None
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
        items += [b for b in site.breaks(series_id) if _in_window(site, b, when)]
    newest_first = (when == "past") != ("reverse" in options)
    items.sort(key=date_order, reverse=newest_first)
    if "limit" in options:
        items = _limit_talks(items, options["limit"])
    return items


def _in_window(site: Site, item: Break, when: str) -> bool:
    if when == "upcoming":
        return bool(item.date >= site.today)
    if when == "past":
        return bool(item.date < site.today)
    return True


def date_order(item: TalkEntry | Break) -> tuple[Any, ...]:
    """The key that puts talks and breaks in date order."""
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


def problems(
    site: Site, docname: str, options: Mapping[str, Any], directive: str = "talk-list"
) -> list[tuple[Subtype, str]]:
    """What is wrong with a listing's options on page ``docname``: a series or speaker the site does not have."""
    found: list[tuple[Subtype, str]] = []
    series_id = options.get("series") or page_series(docname) or "all"
    if series_id != "all" and series_id not in site.series_by_id:
        found.append((Subtype.UNKNOWN_SERIES, f"{{{directive}}} names unknown series {series_id!r}"))
    if "speaker" in options and page_id(options["speaker"]) not in site.speakers:
        found.append((Subtype.UNKNOWN_TARGET, f"{{{directive}}} names unknown speaker {options['speaker']!r}"))
    return found


FEATURED_AHEAD = 4
"""How many upcoming talks a ``{featured-talk}`` carries: the next one shown, the others for the script."""


def featured(site: Site, docname: str, options: Mapping[str, Any]) -> list[TalkEntry]:
    """The talks a ``{featured-talk}`` carries, in date order; the first is shown at build time.

    The next :data:`FEATURED_AHEAD` scheduled talks (of ``:series:``; by default the page's own
    series on a series page, else all) that are upcoming
    by the build's date; when none is, the latest scheduled talk.  A page is read after it is
    built: once the first has ended, the page's script shows the next one, and after the last,
    that last one as the latest talk.  Cancelled and postponed talks are never featured.
    """
    series_id = options.get("series") or page_series(docname) or "all"
    talks = site.talks if series_id == "all" else site.by_series.get(series_id, [])
    scheduled = [t for t in talks if t.talk.status == "scheduled"]
    ahead = [t for t in scheduled if site.is_upcoming(t)][:FEATURED_AHEAD]
    return ahead or scheduled[-1:]
