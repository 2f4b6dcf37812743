"""Snapshots: pieces of ``tests/roots/test-basic``'s HTML compared with the files in ``tests/snapshots/``.

Any change in what the extension renders then shows as a diff of those files in review.  Each
fragment is taken from the built page with BeautifulSoup and serialized with ``prettify()`` (one
tag or text a line, stable indentation).  After an intended change, regenerate the files with
``UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_snapshots.py`` and review their diff.
Today is frozen (``SOURCE_DATE_EPOCH``) so what is upcoming or past does not change with the date.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild import Build, build, copy_root

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"

FRAGMENTS = {  # snapshot file: (page, CSS selector of the fragment; the first match is taken)
    "talk_header.html": ("talks/2023/flash.html", "div.seminar-talk-header"),
    "talk_footer.html": ("talks/2023/flash.html", "div.seminar-talk-footer"),
    "card.html": ("listings.html", "section#grouped-by-term div.seminar-card"),
    "schedule_row.html": ("series/fm.html", "div.seminar-row"),
    "compact_list.html": ("listings.html", "section#all-compact ul.seminar-compact"),
    "series_header.html": ("series/fm.html", "div.seminar-series-header"),
    "speaker_page.html": ("speakers/dan-fu.html", "article"),  # a generated page (no speakers/dan-fu.md)
}


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp("snapshots")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14: the 2099 talk is upcoming, the 2023 ones past
        return build(copy_root("basic", tmp), tmp / "out", fresh=True)


def fragment(b: Build, page: str, selector: str) -> str:
    soup = BeautifulSoup((b.outdir / page).read_text(encoding="utf-8"), "html.parser")
    found = soup.select_one(selector)
    assert found is not None, f"no {selector} in {page}"
    return found.prettify()


def test_build_has_no_warnings(basic: Build) -> None:
    assert basic.warnings == ""


@pytest.mark.parametrize("name", sorted(FRAGMENTS))
def test_fragment_matches_snapshot(basic: Build, name: str) -> None:
    actual = fragment(basic, *FRAGMENTS[name])
    path = SNAPSHOTS / name
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.is_file(), f"{path} is missing: run with UPDATE_SNAPSHOTS=1 to write it"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True), f"snapshots/{name}", "built"
        )
        pytest.fail(f"{name} differs from the build (UPDATE_SNAPSHOTS=1 rewrites it):\n{''.join(diff)}", pytrace=False)


def test_every_snapshot_file_is_used() -> None:
    unused = sorted({p.name for p in SNAPSHOTS.iterdir()} - set(FRAGMENTS))
    assert not unused, f"stale snapshots in {SNAPSHOTS} (no test uses them): {unused}"
