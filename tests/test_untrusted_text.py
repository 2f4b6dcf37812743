"""Characters a contributor pastes without seeing them reach no output: every file is written and parses.

A talk, a series and a speaker page of ``tests/roots/test-feeds`` get control characters (a bell,
an escape sequence, a carriage return that would end a calendar line, a line separator), half of a
surrogate pair, and dates at the ends of the allowed range; the home page includes a file with a
bell in it.  The site is built serially and with
``-j 2`` (which writes the site files in a forked process): every page, calendar, feed and
``talks.json`` is written, parses with its own library, and holds none of those characters; each
problem is one located ``seminar.*`` warning, and ``seminar check`` reports exactly the same.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest
from icalendar import Calendar
from lxml import etree

from seminar.cli.check import SiteFiles, check_file
from sitebuild import Build, build, copy_root, edit

TALK = r"""---
title: "Evil\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected"
speakers:
  - name: "Eve\u2028Mallory"
    affiliation: "Lab\x85 One"
date: 2023-05-03
time: "10:00"
series: ctl
tags: ["tab\tbed", "x\ud83d"]
---

:::{abstract}
A bell BELL and an escape ESC[1mbold, DEL.
:::

:::{bio} Eve Mallory
Eve writes FORMFEED here.
:::
"""

EDGES = """---
title: {title}
speakers: [Eve Mallory]
date: {date}
time: "{time}"
duration: 1440
series: ctl
---

:::{{abstract}}
At the edge of the range.
:::
"""

SERIES = r"""---
series:
  title: "Control\nSeries"
  term: "Fall\r2023"
  timezone: Asia/Tokyo
  schedule: "\e[31mMondays"
  hosts: ["Host\x00 One"]
  breaks: [{date: 2023-05-10, label: "Off\u2029week"}]
---
# Control Series

:::{talk-list}
:::
"""

SPEAKER = r"""---
name: "Eve\nMallory"
pronouns: "she\x07/her"
---
About Eve.
"""

PAGES = ["talks/2023/evil.md", "series/ctl.md", "speakers/eve-mallory.md"]
# What a page may not hold: C0 controls but tab, newline and CR (CR LF ends calendar lines), DEL, C1.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _site(tmp: Path) -> Path:
    src = copy_root("feeds", tmp)
    body = TALK.replace("BELL", "\x07").replace("ESC", "\x1b").replace("DEL", "\x7f").replace("FORMFEED", "\x0c")
    (src / "talks/2023/evil.md").write_text(body, encoding="utf-8")
    # Early in the first year and late in the last: with Tokyo's offset, UTC is a day earlier,
    # and a day's length takes the end into the next year.
    (src / "talks/2023/first.md").write_text(EDGES.format(title="First", date="1900-01-01", time="00:00"))
    (src / "talks/2023/last.md").write_text(EDGES.format(title="Last", date="9998-12-31", time="23:59"))
    (src / "series/ctl.md").write_text(SERIES, encoding="utf-8")
    (src / "speakers/eve-mallory.md").write_text(SPEAKER, encoding="utf-8")
    edit(src / "index.md", "series/berlin\n", "series/berlin\nseries/ctl\n")
    # A file that a page includes is read through include-read, not source-read.
    (src / "snippet.inc").write_text("An included\nbell \x07 here.\n", encoding="utf-8")
    edit(src / "index.md", "# Test seminar\n", "# Test seminar\n\n```{include} snippet.inc\n```\n")
    return src


@pytest.fixture(scope="module", params=[0, 2], ids=["serial", "parallel"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Build]:
    tmp = tmp_path_factory.mktemp(f"untrusted-{request.param}")
    src = _site(tmp)
    return src, build(src, tmp / "out", fresh=True, parallel=request.param)


def _warnings(src: Path, done: Build) -> list[str]:
    return [line.removeprefix(f"{src}/") for line in done.warnings.splitlines() if "WARNING" in line]


def test_every_problem_is_one_located_warning_and_check_reports_the_same(site: tuple[Path, Build]) -> None:
    src, done = site
    warned = _warnings(src, done)
    included = (
        "snippet.inc:2: WARNING: this line has a control character (U+0007); it shows as \ufffd [seminar.encoding]"
    )
    assert included in warned
    warned.remove(included)  # seminar check reads talk, series and speaker pages only
    assert all(re.match(r"^[\w/.-]+\.md:\d+: WARNING: .+ \[seminar\.[a-z_]+\]$", line) for line in warned), warned
    checked = [str(p) for page in PAGES for p in check_file(src / page, SiteFiles(src))]
    assert sorted(line.replace(" WARNING:", "") for line in warned) == sorted(checked)
    assert sorted(warned) == [
        "series/ctl.md:3: WARNING: 'series.title' contains a control character (U+000A); it is read as a space [seminar.bad_value]",
        "series/ctl.md:4: WARNING: 'series.term' contains a control character (U+000D); it is read as a space [seminar.bad_value]",
        "series/ctl.md:6: WARNING: 'series.schedule' contains a control character (U+001B); it is left out [seminar.bad_value]",
        "series/ctl.md:7: WARNING: 'series.hosts[0]' contains a control character (U+0000); it is left out [seminar.bad_value]",
        "series/ctl.md:8: WARNING: 'series.breaks[0].label' contains a paragraph separator (U+2029); it is read as a space [seminar.bad_value]",
        "speakers/eve-mallory.md:2: WARNING: 'name' contains a control character (U+000A); it is read as a space [seminar.bad_value]",
        "speakers/eve-mallory.md:3: WARNING: 'pronouns' contains a control character (U+0007); it is left out [seminar.bad_value]",
        "talks/2023/evil.md:13: WARNING: this line has a control character (U+0007); it shows as \ufffd (4 such characters in the page) [seminar.encoding]",
        "talks/2023/evil.md:2: WARNING: 'title' contains a control character (U+000D); it is read as a space (6 such characters in all) [seminar.bad_value]",
        "talks/2023/evil.md:4: WARNING: 'speakers[0].name' contains a line separator (U+2028); it is read as a space [seminar.bad_value]",
        "talks/2023/evil.md:5: WARNING: 'speakers[0].affiliation' contains a control character (U+0085); it is read as a space [seminar.bad_value]",
        "talks/2023/evil.md:9: WARNING: 'tags[0]' contains a control character (U+0009); it is read as a space [seminar.bad_value]",
        "talks/2023/evil.md:9: WARNING: 'tags[1]' contains half of a surrogate pair (U+D83D), which is not a character; it is read as \ufffd [seminar.bad_value]",
    ]


def test_an_included_file_is_read_cleaned(site: tuple[Path, Build]) -> None:
    _src, done = site
    assert "An included bell \ufffd here." in (done.outdir / "index.html").read_text(encoding="utf-8")


def test_every_output_is_written_and_holds_no_control_character(site: tuple[Path, Build]) -> None:
    _src, done = site
    outputs = ["atom.xml", "series/ctl.atom.xml", "talks.json", "calendar.ics", "series/ctl.ics"]
    outputs += ["speakers/eve-mallory.ics", "talks/2023/evil.ics", "talks/2023/evil.html", "series/ctl.html"]
    outputs += ["speakers/eve-mallory.html", "talks/2023/first.ics", "talks/2023/last.ics"]
    missing = [name for name in outputs if not (done.outdir / name).is_file()]
    assert missing == []
    for path in sorted(done.outdir.rglob("*")):
        if path.suffix in (".html", ".xml", ".ics", ".json", ".js"):
            text = path.read_text(encoding="utf-8")
            assert not CONTROL.search(text), (path, CONTROL.findall(text))
            assert not re.search("\r(?!\n)", text), path  # no line of a calendar ends early


def test_the_feeds_parse_with_the_cleaned_text(site: tuple[Path, Build]) -> None:
    _src, done = site
    for name in ("atom.xml", "series/ctl.atom.xml"):
        etree.fromstring((done.outdir / name).read_bytes())
        parsed = feedparser.parse((done.outdir / name).read_bytes())
        assert not parsed.bozo, parsed.get("bozo_exception")
    entries = {e.title: e for e in feedparser.parse((done.outdir / "series/ctl.atom.xml").read_bytes()).entries}
    evil = entries["Evil END:VEVENT BEGIN:VEVENT SUMMARY:Injected"]
    assert evil.summary == "A bell \ufffd and an escape \ufffd[1mbold, \ufffd."
    assert [a.name for a in evil.authors] == ["Eve Mallory"]
    assert {(t.term, t.label) for t in evil.tags} == {("tab-bed", "tab bed"), ("x", "x\ufffd")}


def test_the_calendars_parse_with_one_event_per_talk(site: tuple[Path, Build]) -> None:
    src, done = site
    series = Calendar.from_ical((done.outdir / "series/ctl.ics").read_bytes())
    assert str(series["NAME"]) == str(series["X-WR-CALNAME"]) == "Control Series"
    summaries = sorted(str(e["SUMMARY"]).split(" — ")[0] for e in series.events)  # the titles
    assert summaries == ["Evil END:VEVENT BEGIN:VEVENT SUMMARY:Injected", "First", "Last"]
    assert len(series.events) == 3  # the title's line breaks made no event of their own
    (evil,) = Calendar.from_ical((done.outdir / "talks/2023/evil.ics").read_bytes()).events
    assert "A bell \ufffd and an escape" in str(evil["DESCRIPTION"])
    everything = Calendar.from_ical((done.outdir / "calendar.ics").read_bytes())
    talks = len(list((src / "talks").rglob("*.md")))
    assert len(everything.events) == talks


def test_talks_json_holds_the_cleaned_text(site: tuple[Path, Build]) -> None:
    _src, done = site
    data = json.loads((done.outdir / "talks.json").read_text(encoding="utf-8"))
    talks = {t["slug"]: t for t in data["talks"]}
    assert talks["evil"]["title"] == "Evil END:VEVENT BEGIN:VEVENT SUMMARY:Injected"
    assert talks["evil"]["speakers"][0]["name"] == "Eve Mallory"
    assert talks["evil"]["speakers"][0]["affiliation"] == "Lab One"
    assert talks["first"]["start"].startswith("1900-01-01T00:00:00+09")
    assert talks["last"]["end"].startswith("9999-01-01T23:59:00+09")
    series = next(item for item in data["series"] if item["id"] == "ctl")
    assert (series["title"], series["term"], series["schedule"]) == ("Control Series", "Fall 2023", "[31mMondays")
    assert series["hosts"] == ["Host One"] and series["breaks"][0]["label"] == "Off week"
    assert next(item for item in data["speakers"] if item["id"] == "eve-mallory")["pronouns"] == "she/her"
