"""A series' break on the day of one of its talks: warned at the break, and shown nowhere.

Listing it would put "no talk (label)" beside the talk of that day.  ``tests/roots/test-basic``'s
``fm`` series gets a second break, on the day of its talk ``flash``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild import Build, build, copy_root, edit

BREAKS = """  breaks:
    - date: 2023-01-16
      label: MLK Day
    - date: 2023-01-11
      label: Clashing Day
"""


pytestmark = pytest.mark.usefixtures("as_of_nov_14_2023")  # the build's "today": 2023-11-14


def _add_break(src: Path) -> None:
    edit(src / "series/fm.md", "  breaks: [{date: 2023-01-16, label: MLK Day}]\n", BREAKS)


@pytest.fixture(scope="module")
def clash(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Build]:
    tmp = tmp_path_factory.mktemp("breaks")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        src = copy_root("basic", tmp)
        _add_break(src)
        return src, build(src, tmp / "out", fresh=True)


def test_the_break_is_warned_at_its_line(clash: tuple[Path, Build]) -> None:
    src, built = clash
    assert built.warnings == (
        f"{src}/series/fm.md:14: WARNING: break 'Clashing Day' on 2023-01-11 is the day of talks/2023/flash, "
        "a talk of this series; it is not shown (remove it, or move the talk) [seminar.bad_date]\n"
    )


@pytest.mark.parametrize("page", ["series/fm.html", "listings.html"])
def test_no_listing_shows_it_and_the_other_breaks_stay(clash: tuple[Path, Build], page: str) -> None:
    _src, built = clash
    text = BeautifulSoup((built.outdir / page).read_text(encoding="utf-8"), "html.parser").get_text()
    assert "Clashing Day" not in text
    if page == "series/fm.html":
        assert "no talk (MLK Day)" in text


def test_talks_json_leaves_it_out(clash: tuple[Path, Build]) -> None:
    _src, built = clash
    series = json.loads((built.outdir / "talks.json").read_text(encoding="utf-8"))["series"]
    (fm,) = [s for s in series if s["id"] == "fm"]
    assert [b["label"] for b in fm["breaks"]] == ["MLK Day"]


def test_incremental_equals_clean_when_the_break_is_added_and_the_talk_moves(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    build(src, tmp_path / "inc", fresh=True)
    for step, change in enumerate(
        [_add_break, lambda s: edit(s / "talks/2023/flash.md", "date: 2023-01-11", "date: 2023-01-12")]
    ):
        change(src)
        incremental = build(src, tmp_path / "inc")
        clean = build(src, tmp_path / f"clean-{step}", fresh=True)
        assert incremental.html() == clean.html(), step
    assert "no talk (Clashing Day)" in (clean.outdir / "series/fm.html").read_text(encoding="utf-8")
