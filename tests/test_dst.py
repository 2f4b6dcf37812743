"""Talks on the nights the clocks change: elapsed durations, a warning for a start that is not one moment.

A local start time that happens twice (the hour the clocks go back) is taken as the first; one
that does not exist (the hour they skip) as the moment it would be, an hour later on the clock.
Each is a ``seminar.bad_time`` warning at the ``time:`` that gave it (the talk's, else its
series').  The length is elapsed time everywhere: the page ("1:30 AM PDT–1:30 AM PST" when the
zone changes during the talk), ``talks.json`` and the calendars (in UTC when a local time is
ambiguous, which a TZID time cannot tell apart).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from bs4 import BeautifulSoup

from seminar.model.metadata import Talk
from seminar.model.settings import SeminarConfig
from seminar.site.entries import TalkEntry
from seminar.site.timing import AMBIGUOUS, MISSING, timing, zone_name
from sitebuild import Build, build, copy_root

LA, BERLIN = "America/Los_Angeles", "Europe/Berlin"

# (zone, date, time, minutes) -> (problem, start, end as shown)
CASES = [
    (LA, "2023-11-05", "01:30", 60, AMBIGUOUS, "2023-11-05T01:30:00-07:00", "1:30 AM PDT–1:30 AM PST"),
    (LA, "2023-03-12", "02:30", 60, MISSING, "2023-03-12T03:30:00-07:00", "3:30–4:30 AM PT"),
    (BERLIN, "2023-10-29", "02:30", 60, AMBIGUOUS, "2023-10-29T02:30:00+02:00", "2:30 AM CEST–2:30 AM CET"),
    (BERLIN, "2023-03-26", "02:30", 60, MISSING, "2023-03-26T03:30:00+02:00", "3:30–4:30 AM CEST"),
    # across the change, from an ordinary time: no problem, the zone shown at each end
    (LA, "2023-11-05", "00:30", 120, "", "2023-11-05T00:30:00-07:00", "12:30 AM PDT–1:30 AM PST"),
    (LA, "2023-03-12", "01:30", 60, "", "2023-03-12T01:30:00-08:00", "1:30 AM PST–3:30 AM PDT"),
    (BERLIN, "2023-10-29", "15:30", 50, "", "2023-10-29T15:30:00+01:00", "3:30–4:20 PM CET"),
]


@pytest.mark.parametrize(("zone", "date", "time", "minutes", "problem", "start", "shown"), CASES)
def test_a_start_on_the_night_the_clocks_change(
    zone: str, date: str, time: str, minutes: int, problem: str, start: str, shown: str
) -> None:
    talk = Talk.model_validate(
        {"title": "T", "speakers": ["A"], "date": date, "time": time, "duration": minutes, "series": "s"}
    )
    when = timing(TalkEntry("talks/x", talk), None, SeminarConfig(timezone=zone))
    assert when.start is not None and when.end is not None
    assert (when.clock, when.start.isoformat(), when.time_range()) == (problem, start, shown)
    assert when.end.astimezone(dt.UTC) - when.start.astimezone(dt.UTC) == dt.timedelta(minutes=minutes)


TALK = "---\ntitle: {title}\nspeakers: [Ada Lovelace]\ndate: {date}\n{time}duration: {minutes}\nseries: {series}\n---\n\n:::{{abstract}}\nX.\n:::\n"
BERLIN_SERIES = """---
series:
  title: Berlin
  timezone: Europe/Berlin
  time: "02:30"
---
# Berlin

:::{talk-list}
:::
"""


def _site(tmp: Path) -> Path:
    src = copy_root("basic", tmp)
    (src / "series/berlin.md").write_text(BERLIN_SERIES, encoding="utf-8")
    with (src / "index.md").open("a", encoding="utf-8") as out:
        out.write("\n:::{toctree}\n:hidden:\nseries/berlin\n:::\n")
    for name, date, clock, minutes, series in [
        ("fall", "2023-11-05", "01:30", 60, "fm"),
        ("spring", "2023-03-12", "02:30", 60, "fm"),
        ("across", "2023-11-05", "00:30", 120, "fm"),
        ("berlin-fall", "2023-10-29", None, 60, "berlin"),  # the series' time
        ("berlin-spring", "2023-03-26", None, 60, "berlin"),
    ]:
        time = f'time: "{clock}"\n' if clock else ""
        text = TALK.format(title=name, date=date, time=time, minutes=minutes, series=series)
        (src / f"talks/2023/{name}.md").write_text(text, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def dst(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Build]:
    tmp = tmp_path_factory.mktemp("dst")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        src = _site(tmp)
        return src, build(src, tmp / "out", fresh=True)


def test_each_start_that_is_not_one_moment_is_warned_at_its_time(dst: tuple[Path, Build]) -> None:
    src, built = dst
    found = sorted(
        (m[1], int(m[2]), m[3])
        for m in re.finditer(
            rf"{re.escape(str(src))}/(\S+):(\d+): WARNING: (\S+) starts at .* \[seminar\.bad_time\]", built.warnings
        )
    )
    assert found == [
        ("series/berlin.md", 5, "talks/2023/berlin-fall"),
        ("series/berlin.md", 5, "talks/2023/berlin-spring"),
        ("talks/2023/fall.md", 5, "talks/2023/fall"),
        ("talks/2023/spring.md", 5, "talks/2023/spring"),
    ]
    assert built.warnings.count("WARNING") == 4
    assert (
        "talks/2023/fall starts at 01:30 on 2023-11-05, which happens twice in America/Los_Angeles "
        "(the clocks go back): taken as the first, 01:30 PDT (UTC-0700), to 01:30 PST (UTC-0800); "
        "give the time it really starts"
    ) in built.warnings


MINUTES = {"fall": 60, "spring": 60, "across": 120, "berlin-fall": 60, "berlin-spring": 60}


@pytest.mark.parametrize("name", sorted(MINUTES))
def test_calendars_and_talks_json_give_the_elapsed_length(dst: tuple[Path, Build], name: str) -> None:
    _src, built = dst
    calendar = icalendar.Calendar.from_ical((built.outdir / f"talks/2023/{name}.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert end.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(minutes=MINUTES[name])
    talks = {t["slug"]: t for t in json.loads((built.outdir / "talks.json").read_text(encoding="utf-8"))["talks"]}
    item = talks[name]
    assert item["duration"] == MINUTES[name]
    elapsed = dt.datetime.fromisoformat(item["end"]) - dt.datetime.fromisoformat(item["start"])
    assert elapsed == dt.timedelta(minutes=MINUTES[name])
    assert dt.datetime.fromisoformat(item["start"]) == start.astimezone(dt.UTC)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("fall", "1:30 AM PDT–1:30 AM PST"),
        ("spring", "3:30–4:30 AM PT"),
        ("across", "12:30 AM PDT–1:30 AM PST"),
        ("berlin-fall", "2:30 AM CEST–2:30 AM CET"),
        ("berlin-spring", "3:30–4:30 AM CEST"),
    ],
)
def test_the_page_shows_a_range_that_reads_right(dst: tuple[Path, Build], name: str, shown: str) -> None:
    _src, built = dst
    page = BeautifulSoup((built.outdir / f"talks/2023/{name}.html").read_text(encoding="utf-8"), "html.parser")
    assert shown in page.select_one(".seminar-talk-header time").get_text()


@pytest.mark.parametrize(
    ("zone", "moments", "name"),
    [
        ("America/Los_Angeles", (), "Pacific Time (PT)"),
        ("America/Phoenix", (), "Mountain Time (MT)"),
        ("America/Chicago", (), "Central Time (CT)"),
        ("America/Toronto", (), "Eastern Time (ET)"),
        ("UTC", (), "Coordinated Universal Time (UTC)"),
        ("Europe/Berlin", ((2023, 7, 1), (2023, 1, 10), (2023, 2, 1)), "Berlin time (CET/CEST)"),
        ("America/Sao_Paulo", ((2023, 5, 1),), "Sao Paulo time (UTC-03)"),
        ("Asia/Kolkata", (), "Kolkata time"),
    ],
)
def test_zone_names_are_what_visitors_say(zone: str, moments: tuple[tuple[int, int, int], ...], name: str) -> None:
    tz = ZoneInfo(zone)
    starts = [dt.datetime(*day, 12, 0, tzinfo=tz) for day in moments]
    assert zone_name(zone, starts) == name


def test_the_real_series_header_names_the_zone(real: Build) -> None:
    text = (real.outdir / "series" / "systems-for-ml-2023.html").read_text(encoding="utf-8")
    assert "Pacific Time (PT); each talk page also shows your local time" in text
    assert "America/Los_Angeles" not in BeautifulSoup(text, "html.parser").select_one(".seminar-series-header").text
