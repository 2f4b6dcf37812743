"""Two talks never publish one UID: the UIDs in use are compared, derived ones and every spelling included.

A talk's UID is its ``uid:``, else derived from its file name (REFERENCE.md, "Calendars"); its Atom
id is the ``urn:uuid:`` of that UID read as a UUID, so ``{ABC...}`` and ``abc...`` are one id.  When
two talks share one, the talk that gives way (a derived UID gives way to a written one, then the
later talk) is warned ``seminar.duplicate_uid`` at its ``uid:`` line (line 1 for a derived one)
and publishes another UID, so no calendar or feed carries two events with one id.
``python -m seminar check`` reports the same problem at the same place.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from seminar.cli.check import SiteFiles, check_files
from seminar.model.slugs import derived_uid, uid_key
from sitebuild import Build, build, copy_root, seminar_warnings

UUID = "11111111-2222-4333-8444-555555555555"


def _talk(title: str, date: str, uid: str | None = None) -> str:
    line = f"uid: '{uid}'\n" if uid else ""
    return f"---\ntitle: {title}\nspeakers: [Ada Lovelace]\ndate: {date}\nseries: fm\n{line}---\n\n:::{{abstract}}\n{title}.\n:::\n"


# file -> (text); every clash below is one class of the problem.
TALKS = {
    # renamed from old-name.md, its derived uid kept as CONTRIBUTING advises; a new talk took the old name
    "talks/2023/new-name.md": _talk("Renamed", "2023-03-01", derived_uid("old-name")),
    "talks/2023/old-name.md": _talk("New under the old name", "2023-02-20"),  # earlier, but derived: gives way
    # one UUID in two spellings
    "talks/2023/braces.md": _talk("Braces", "2023-03-02", "{" + UUID.upper() + "}"),
    "talks/2023/plain.md": _talk("Plain", "2023-03-03", UUID),
    # a uid that is not a UUID, and a talk whose file name is that word
    "talks/2023/word.md": _talk("A word as uid", "2023-03-05", "taken"),
    "talks/2023/taken.md": _talk("Named like the word", "2023-03-06"),
}
EXPECTED = [
    (
        "talks/2023/old-name.md",
        1,
        f"this talk's uid, derived from its file name ({derived_uid('old-name')}), is also used by "
        "talks/2023/new-name; give this talk a uid: of its own",
    ),
    (
        "talks/2023/plain.md",
        6,
        f"uid '{UUID}' is also used by talks/2023/braces (as '{{{UUID.upper()}}}'); a uid must be unique",
    ),
    (
        "talks/2023/taken.md",
        1,
        f"this talk's uid, derived from its file name ({derived_uid('taken')}), is also used by talks/2023/word "
        "(as 'taken'); give this talk a uid: of its own",
    ),
]


pytestmark = pytest.mark.usefixtures("as_of_nov_14_2023")  # the build's "today": 2023-11-14


def _site(tmp: Path, talks: dict[str, str] = TALKS) -> Path:
    src = copy_root("basic", tmp)
    for name, text in talks.items():
        (src / name).write_text(text, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def clashing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Build]:
    tmp = tmp_path_factory.mktemp("uids")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        src = _site(tmp)
        return src, build(src, tmp / "out", fresh=True)


def test_each_clash_is_warned_at_the_talk_that_gives_way(clashing: tuple[Path, Build]) -> None:
    src, built = clashing
    assert sorted(seminar_warnings(built, src, "duplicate_uid")) == sorted(EXPECTED)


def test_the_check_reports_what_the_build_does(clashing: tuple[Path, Build]) -> None:
    src, _built = clashing
    problems, _skipped = check_files([src / name for name in TALKS], SiteFiles(src))
    found = [(p.path, p.line, p.message.replace(".md", "")) for p in problems if p.subtype.value == "duplicate_uid"]
    assert sorted(found) == sorted(EXPECTED)


def _calendar_uids(path: Path) -> list[str]:
    """The UIDs of the calendar's events (not the calendar's own RFC 7986 UID)."""
    events = path.read_text(encoding="utf-8").split("BEGIN:VEVENT")[1:]
    return [re.findall(r"^UID:(.*)$", event, flags=re.MULTILINE)[0] for event in events]


def test_no_calendar_or_feed_carries_two_events_with_one_id(clashing: tuple[Path, Build]) -> None:
    _src, built = clashing
    out = built.outdir
    talks = json.loads((out / "talks.json").read_text(encoding="utf-8"))["talks"]
    uids = [uid_key(t["uid"]) for t in talks]
    assert len(uids) == len(set(uids)) == len(talks)
    events = _calendar_uids(out / "calendar.ics")
    assert len(events) == len(talks) and len({uid_key(u) for u in events}) == len(events)
    ids = re.findall(r"<id>(urn:uuid:[^<]*)</id>", (out / "atom.xml").read_text(encoding="utf-8"))
    assert len(ids) == len(set(ids)) == len(talks) + 1  # the entries and the feed itself
    by_slug = {t["slug"]: t["uid"] for t in talks}
    assert by_slug["new-name"] == derived_uid("old-name")  # a written uid is kept
    assert by_slug["braces"] == "{" + UUID.upper() + "}" and by_slug["word"] == "taken"  # the first is kept
    assert _calendar_uids(out / "talks/2023/old-name.ics") == [by_slug["old-name"]]  # its own calendar agrees


def test_a_talk_that_comes_to_give_way_gets_its_new_uid_in_an_incremental_build(tmp_path: Path) -> None:
    """old-name.md alone keeps its derived UID; the renamed talk, added, claims it with its written uid."""
    src = _site(tmp_path, {"talks/2023/old-name.md": TALKS["talks/2023/old-name.md"]})
    build(src, tmp_path / "inc", fresh=True)
    (src / "talks/2023/new-name.md").write_text(TALKS["talks/2023/new-name.md"], encoding="utf-8")
    incremental = build(src, tmp_path / "inc")
    clean = build(src, tmp_path / "clean", fresh=True)
    for path in ("calendar.ics", "atom.xml", "talks.json", "talks/2023/old-name.ics", "series/fm.ics"):
        assert (incremental.outdir / path).read_bytes() == (clean.outdir / path).read_bytes(), path
    assert _calendar_uids(clean.outdir / "talks/2023/old-name.ics") != [derived_uid("old-name")]
