"""A talk with many speakers: every page stays the size of what it is about.

A card or a line of a compact list names the first speakers and "and N others" (the speaker a
page or a listing is about among them); a talk's footer has at most
``MORE_BY_SPEAKERS`` "More talks by" blocks of ``MORE_BY_TALKS`` talks; a calendar event names at
most ``EVENT_SPEAKERS``.  The talk's own header names everyone.  Before, each speaker's page listed
every co-speaker, and 1,000 speakers on one talk took minutes and 170 MB.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from seminar.pages.headers import MORE_BY_SPEAKERS, MORE_BY_TALKS
from seminar.rendering.parts import NAMES_SHOWN
from seminar.site.texts import EVENT_SPEAKERS
from sitebuild import Build, build, copy_root, edit

PROLIFIC_TALKS = MORE_BY_TALKS + 2  # speaker 0 gave so many other talks that the footer cuts them


pytestmark = pytest.mark.usefixtures("as_of_nov_14_2023")  # the build's "today": 2023-11-14


def _name(index: int) -> str:
    return f"Person Number{index:03d}"


def _site(tmp: Path, speakers: int) -> Path:
    """test-basic plus ``talks/2023/crowd.md`` by ``speakers`` people, each of whom gave another talk too."""
    src = copy_root("basic", tmp)
    names = "\n".join(f"  - name: {_name(i)}\n    affiliation: Lab {i}" for i in range(speakers))
    talk = "---\ntitle: {title}\nspeakers:\n{names}\ndate: {date}\nseries: fm\ntags: [{tag}]\n---\n\n:::{{abstract}}\n{title}.\n:::\n"
    folder = src / "talks/2023"
    (folder / "crowd.md").write_text(talk.format(title="A Crowd", names=names, date="2023-05-01", tag="crowd"))
    for i in range(speakers):
        solo = talk.format(title=f"Solo {i}", names=f"  - {_name(i)}", date="2023-06-01", tag="solo")
        (folder / f"solo-{i}.md").write_text(solo, encoding="utf-8")
    for k in range(PROLIFIC_TALKS - 1):
        more = talk.format(title=f"Again {k}", names=f"  - {_name(0)}", date=f"2023-07-{k + 1:02d}", tag="again")
        (folder / f"again-{k}.md").write_text(more, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp("crowd")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        return build(_site(tmp, 12), tmp / "out", fresh=True)


def _soup(b: Build, page: str) -> BeautifulSoup:
    return BeautifulSoup((b.outdir / page).read_text(encoding="utf-8"), "html.parser")


def _line(b: Build, page: str, title: str) -> str:
    """The text of the card or list line of ``title`` on ``page``."""
    items = _soup(b, page).select(".seminar-item")
    (item,) = [i for i in items if i.find("a", string=title)]
    return " ".join(item.get_text(" ").split())


def test_the_site_builds_without_warnings(crowd: Build) -> None:
    assert crowd.warnings == ""


def test_the_talk_page_names_every_speaker(crowd: Build) -> None:
    header = _soup(crowd, "talks/2023/crowd.html").select_one(".seminar-talk-header .seminar-speakers")
    assert [a.get_text() for a in header.select("a")] == [_name(i) for i in range(12)]


@pytest.mark.parametrize("page", ["series/fm.html", "talks/index.html", "tags/crowd.html"])
def test_cards_and_lists_elsewhere_name_the_first_few(crowd: Build, page: str) -> None:
    line = _line(crowd, page, "A Crowd")
    assert all(_name(i) in line for i in range(NAMES_SHOWN))
    assert _name(NAMES_SHOWN) not in line
    assert f"and {12 - NAMES_SHOWN} others" in line


@pytest.mark.parametrize("index", [1, 10])
def test_a_speaker_page_names_the_co_speakers_not_its_speaker(crowd: Build, index: int) -> None:
    line = _line(crowd, f"speakers/person-number{index:03d}.html", "A Crowd")
    assert _name(index) not in line  # the page is theirs: their name heads it
    assert f"and {11 - NAMES_SHOWN} others" in line  # the 11 others: the first few named, then a count
    assert sum(_name(i) in line for i in range(12)) == NAMES_SHOWN


def test_a_talk_footer_has_a_few_blocks_of_a_few_talks(crowd: Build) -> None:
    footer = _soup(crowd, "talks/2023/crowd.html").select_one(".seminar-talk-footer")
    headings = [h.get_text() for h in footer.select("p.rubric") if h.get_text().startswith("More talks by")]
    assert headings == [f"More talks by {_name(i)}" for i in range(MORE_BY_SPEAKERS)]
    first = footer.select("ul.seminar-compact")[0]
    assert len(first.select("li")) == MORE_BY_TALKS  # speaker 0 gave PROLIFIC_TALKS other talks
    text = " ".join(footer.get_text(" ").split())
    assert f"All {PROLIFIC_TALKS + 1} talks by {_name(0)}" in text
    assert f"{12 - MORE_BY_SPEAKERS} more of its speakers gave other talks" in text


def test_calendar_events_name_a_few_speakers(crowd: Build) -> None:
    ics = (crowd.outdir / "speakers/person-number011.ics").read_text(encoding="utf-8")
    unfolded = ics.replace("\r\n ", "")
    assert f"and {12 - EVENT_SPEAKERS} others" in unfolded
    assert _name(EVENT_SPEAKERS) not in unfolded.split("BEGIN:VEVENT", 1)[1].split("Solo", 1)[0]


def test_pages_do_not_grow_with_the_co_speakers(tmp_path: Path) -> None:
    """A speaker's page, and another talk's footer, are the same size with 8 or 40 co-speakers."""
    sizes = {}
    for count in (8, 40):
        done = build(_site(tmp_path / str(count), count), tmp_path / f"out-{count}", fresh=True)
        sizes[count] = {
            page: len((done.outdir / page).read_bytes())
            for page in ("speakers/person-number001.html", "talks/2023/solo-1.html", "speakers/person-number001.ics")
        }
    for page, small in sizes[8].items():
        assert sizes[40][page] - small < 600, page  # the same page: only "and 5 others" became "and 37 others"


def test_incremental_equals_clean_after_a_co_speaker_changes(tmp_path: Path) -> None:
    src = _site(tmp_path, 12)
    build(src, tmp_path / "inc", fresh=True)
    edit(src / "talks/2023/crowd.md", f"  - name: {_name(1)}\n", f"  - name: {_name(1)} Jr\n    id: person-number001\n")
    incremental = build(src, tmp_path / "inc")
    clean = build(src, tmp_path / "clean", fresh=True)
    assert incremental.html() == clean.html()
