"""When a talk happens: its start and end in the series' time zone, and the build's "today".

:class:`When` also words them (``Jan 11, 2023``, ``3:30–4:20 PM PT``) for every page and file.

A talk's time and duration come from its own front matter, else its series, else the site
configuration.  A talk with no time anywhere is an all-day event on its date.  Its length is
elapsed time, also across a change of the clocks.  A start on the night the clocks change may be
a local time that happens twice (taken as the first) or not at all (taken as the moment it would
be, an hour later on the clock); :attr:`When.clock` says which, for a warning.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from ..model.settings import SeminarConfig
from .entries import SeriesEntry, TalkEntry

# Generic names for the zones US audiences know; other zones show their abbreviation (CET, BST).
_GENERIC = {
    "America/Los_Angeles": "PT",
    "America/Vancouver": "PT",
    "America/Denver": "MT",
    "America/Phoenix": "MT",
    "America/Chicago": "CT",
    "America/New_York": "ET",
    "America/Toronto": "ET",
}


# What a visitor calls those zones; a zone id such as America/Los_Angeles is jargon on a page.
_NAMES = {
    "America/Los_Angeles": "Pacific Time (PT)",
    "America/Vancouver": "Pacific Time (PT)",
    "America/Denver": "Mountain Time (MT)",
    "America/Phoenix": "Mountain Time (MT)",
    "America/Chicago": "Central Time (CT)",
    "America/New_York": "Eastern Time (ET)",
    "America/Toronto": "Eastern Time (ET)",
}
_UTC = ("UTC", "Etc/UTC", "Etc/UCT", "UCT", "Universal", "Zulu", "Etc/Zulu", "GMT", "Etc/GMT")


def zone_name(zone: str, moments: Sequence[dt.datetime] = ()) -> str:
    """The zone as visitors say it: ``Pacific Time (PT)``; else its city and abbreviations, ``Berlin time (CET/CEST)``.

    The abbreviations are those in force at ``moments`` (a series' talks), in time order, so the
    text depends on the talks alone, never on the day of the build; a zone without letters for its
    abbreviation shows its offset (``UTC+03``).
    """
    if zone in _NAMES:
        return _NAMES[zone]
    if zone in _UTC:
        return "Coordinated Universal Time (UTC)"
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    abbreviations: list[str] = []
    for moment in sorted(moments):
        name = moment.tzname() or ""
        name = f"UTC{name}" if name[:1] in ("+", "-") else name
        if name and name not in abbreviations:
            abbreviations.append(name)
    return f"{city} time ({'/'.join(abbreviations)})" if abbreviations else f"{city} time"


AMBIGUOUS = "ambiguous"
MISSING = "missing"


@dataclass(frozen=True)
class When:
    """A talk's place in time."""

    date: dt.date
    start: dt.datetime | None  # aware; None for an all-day talk
    end: dt.datetime | None
    timezone: str
    clock: str = ""
    """:data:`AMBIGUOUS` or :data:`MISSING` when the local start time given happens twice or not at all."""
    given: str = ""
    """The local start time as given (``"HH:MM"``), when :attr:`clock` is set."""

    @property
    def ambiguous(self) -> bool:
        """Whether the wall-clock time of the start or the end happens twice (so it needs its UTC offset)."""
        return any(moment is not None and _happens_twice(moment) for moment in (self.start, self.end))

    @property
    def zone_label(self) -> str:
        """``PT`` for Pacific time, else the zone's abbreviation at the talk's date."""
        if self.timezone in _GENERIC:
            return _GENERIC[self.timezone]
        return (self.start.tzname() if self.start else None) or self.timezone

    def iso(self) -> str:
        """The machine-readable start (with UTC offset), or the date of an all-day talk."""
        return self.start.isoformat() if self.start else self.date.isoformat()

    def long_date(self) -> str:
        """``Wednesday, January 11, 2023``."""
        return f"{self.date:%A}, {self.date:%B} {self.date.day}, {self.date.year}"

    def short_date(self) -> str:
        """``Jan 11, 2023``."""
        return f"{self.date:%b} {self.date.day}, {self.date.year}"

    def time_range(self) -> str:
        """``3:30-4:20 PM PT`` (the meridiem once when both ends share it), or empty when all-day."""
        if self.start is None or self.end is None:
            return ""
        start, end = _clock(self.start), _clock(self.end)
        if self.start.utcoffset() != self.end.utcoffset():
            # The clocks change during the talk: each end with its own zone (1:30 AM PDT–1:30 AM PST).
            return f"{start[0]} {start[1]} {self.start.tzname()}–{end[0]} {end[1]} {self.end.tzname()}"
        if start[1] == end[1]:
            return f"{start[0]}–{end[0]} {end[1]} {self.zone_label}"
        return f"{start[0]} {start[1]}–{end[0]} {end[1]} {self.zone_label}"


def _happens_twice(moment: dt.datetime) -> bool:
    """Whether ``moment``'s wall-clock time is read two ways in its zone (the hour the clocks go back)."""
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


def _local_start(date: dt.date, clock: str, zone: zoneinfo.ZoneInfo) -> tuple[dt.datetime, str]:
    """The moment of ``clock`` on ``date`` in ``zone``, and :data:`AMBIGUOUS` or :data:`MISSING` when it is not one.

    A time that happens twice is taken as the first; a time that does not exist (the hour the clocks
    skip) as the moment it would be on the clock before the change, which the clock after it shows
    an hour later (02:30 becomes 03:30): what a calendar application makes of it too (RFC 5545).
    """
    hours, mins = (int(part) for part in clock.split(":"))
    wall = dt.datetime(date.year, date.month, date.day, hours, mins)
    first = wall.replace(tzinfo=zone)
    if first.utcoffset() == wall.replace(tzinfo=zone, fold=1).utcoffset():
        return first, ""
    real = first.astimezone(dt.UTC).astimezone(zone)
    if real.replace(tzinfo=None) != wall:
        return real, MISSING
    return first, AMBIGUOUS


def _clock(moment: dt.datetime) -> tuple[str, str]:
    hour = moment.hour % 12 or 12
    return (f"{hour}:{moment.minute:02d}", "AM" if moment.hour < 12 else "PM")


def timing(entry: TalkEntry, series: SeriesEntry | None, config: SeminarConfig) -> When:
    """Start and end of ``entry``, from its own fields, then its series, then the configuration."""
    talk = entry.talk
    zone = (series.series.timezone if series else None) or config.timezone
    clock = talk.time or (series.series.time if series else None)
    minutes = talk.duration or (series.series.duration if series else None) or config.duration
    if clock is None:
        return When(talk.date, None, None, zone)
    start, problem = _local_start(talk.date, clock, zoneinfo.ZoneInfo(zone))
    # Add the duration in UTC so a talk across a DST change still lasts its real length.
    end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(start.tzinfo)
    return When(talk.date, start, end, zone, problem, clock if problem else "")


QUARTERS = {1: "Winter", 2: "Spring", 3: "Summer", 4: "Fall"}
"""The academic quarters, in their order in a calendar year."""
_QUARTER_OF_MONTH = (1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 4)  # January ... December


def academic_quarter(day: dt.date) -> tuple[int, int, str]:
    """The quarter ``day`` falls in: its year, its order in that year, and its name (``Fall 2020``).

    Winter is January to March, Spring April to June, Summer July and August, Fall September to
    December: the seminar runs with Stanford's quarters, and the series pages' own terms name them
    so (``Fall 2023``, ``Winter 2023``).
    """
    order = _QUARTER_OF_MONTH[day.month - 1]
    return (day.year, order, f"{QUARTERS[order]} {day.year}")


def today() -> dt.date:
    """The build's "today": from ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()
