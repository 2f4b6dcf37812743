"""When a talk happens: its start and end in the series' time zone, and the build's "today".

:class:`When` also words them (``Jan 11, 2023``, ``3:30–4:20 PM PT``) for every page and file.

A talk's time and duration come from its own front matter, else its series, else the site
configuration.  A talk with no time anywhere is an all-day event on its date.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
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


@dataclass(frozen=True)
class When:
    """A talk's place in time."""

    date: dt.date
    start: dt.datetime | None  # aware; None for an all-day talk
    end: dt.datetime | None
    timezone: str

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
        if start[1] == end[1]:
            return f"{start[0]}–{end[0]} {end[1]} {self.zone_label}"
        return f"{start[0]} {start[1]}–{end[0]} {end[1]} {self.zone_label}"


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
    hours, mins = (int(part) for part in clock.split(":"))
    start = dt.datetime(talk.date.year, talk.date.month, talk.date.day, hours, mins, tzinfo=zoneinfo.ZoneInfo(zone))
    # Add the duration in UTC so a talk across a DST change still lasts its real length.
    end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(start.tzinfo)
    return When(talk.date, start, end, zone)


def today() -> dt.date:
    """The build's "today": from ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()
