"""How a talk is worded outside its own page: calendar and feed titles, speaker lines, excerpts."""

from __future__ import annotations

from .entries import TalkEntry
from .timing import AMBIGUOUS, When

_PREFIX = {"scheduled": "", "cancelled": "Cancelled: ", "postponed": "Postponed: "}


def summary(entry: TalkEntry) -> str:
    """The event title: the talk's, marked when cancelled or postponed."""
    return _PREFIX[entry.talk.status] + entry.talk.title


EVENT_TITLE_SPEAKERS = 3
"""How many speakers a calendar event's title names before "and N others" (the description names more)."""


def event_summary(entry: TalkEntry, short_name: str = "") -> str:
    """A calendar event's title: ``Compression for AGI — Jack Rae (MLSys Seminar)``.

    A calendar shows only the title at a glance, among a visitor's other events: the talk's title
    alone does not say who speaks nor that it is the seminar's.  Names without affiliations, so
    the title stays short; ``short_name`` (``seminar_short_name``) is left out when empty.
    """
    names = [s.name for s in entry.talk.speakers]
    if len(names) > EVENT_TITLE_SPEAKERS + 1:
        names = [*names[:EVENT_TITLE_SPEAKERS], f"{len(names) - EVENT_TITLE_SPEAKERS} others"]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""
    title = summary(entry) + (f" — {who}" if who else "")
    return f"{title} ({short_name})" if short_name else title


EVENT_SPEAKERS = 10
"""How many speakers a talk's calendar event, feed entry and "Add to calendar" link name."""


def speakers_line(entry: TalkEntry, limit: int | None = None) -> str:
    """``Tri Dao (Stanford) and Dan Fu``; past ``limit`` + 1 speakers, the first ``limit`` and ``and N others``.

    A talk's event is in the calendar of each of its speakers: naming them all in each would make
    the calendars grow with the square of a talk's speakers, so events name :data:`EVENT_SPEAKERS`.
    """
    names = [f"{s.name} ({s.affiliation})" if s.affiliation else s.name for s in entry.talk.speakers]
    if limit is not None and len(names) > limit + 1:
        names = [*names[:limit], f"{len(names) - limit} others"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def clock_problem(docname: str, moment: When) -> str:
    """Why a talk's local start time is not one moment (``seminar.bad_time``), and what the site makes of it."""
    if moment.start is None or moment.end is None:
        return f"{docname} is an all-day talk"  # never asked: an all-day talk has no clock time
    date = moment.date.isoformat()
    start = f"{moment.start:%H:%M} {moment.start.tzname()} (UTC{moment.start:%z})"
    end = f"{moment.end:%H:%M} {moment.end.tzname()} (UTC{moment.end:%z})"
    if moment.clock == AMBIGUOUS:
        return (
            f"{docname} starts at {moment.given} on {date}, which happens twice in {moment.timezone} "
            f"(the clocks go back): taken as the first, {start}, to {end}; give the time it really starts"
        )
    return (
        f"{docname} starts at {moment.given} on {date}, which does not exist in {moment.timezone} "
        f"(the clocks go forward): taken as {start}, to {end}; give the time it really starts"
    )


def excerpt(text: str, limit: int = 200) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"
