"""The sidebar lists the newest ``seminar_sidebar_series`` series, then "All series"."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild import Build, build, copy_root, edit

pytestmark = pytest.mark.usefixtures("as_of_nov_14_2023")  # the build's "today": 2023-11-14


def _one_series_site(tmp_path: Path) -> Path:
    src = copy_root("basic", tmp_path)
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8") + "seminar_sidebar_series = 1\n")
    return src


def sidebar(b: Build, page: str) -> list[tuple[str, str, bool]]:
    """The sidebar's links on ``page``: (text, href, marked current)."""
    soup = BeautifulSoup((b.outdir / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    tree = soup.select_one(".sidebar-tree")
    assert tree is not None
    return [
        (a.get_text(strip=True), str(a["href"]), "current" in (a.parent.get("class") or []))
        for a in tree.select("a.reference")
    ]


def test_the_sidebar_keeps_the_newest_series_and_links_to_all(tmp_path: Path) -> None:
    b = build(_one_series_site(tmp_path), tmp_path / "b", fresh=True)
    assert not b.warnings
    talk = sidebar(b, "talks/2023/flash")
    assert [text for text, _, _ in talk] == ["Systems", "Listings", "All series"]
    assert dict((text, href) for text, href, _ in talk)["All series"] == "../index.html"
    assert (b.outdir / "talks/index.html").is_file()
    # A series the sidebar leaves out still shows on its own page, marked as the current one
    # (here nothing else is left out, so no "All series").
    own = sidebar(b, "series/fm")
    assert [(text, current) for text, _, current in own] == [
        ("Foundation Models", True),
        ("Systems", False),
        ("Listings", False),
    ]


def test_every_series_by_default(tmp_path: Path) -> None:
    b = build(copy_root("basic", tmp_path), tmp_path / "b", fresh=True)
    assert [text for text, _, _ in sidebar(b, "talks/2023/flash")] == ["Foundation Models", "Systems", "Listings"]


def test_incremental_equals_clean_when_another_series_becomes_the_newest(tmp_path: Path) -> None:
    src = _one_series_site(tmp_path)
    build(src, tmp_path / "inc", fresh=True)
    edit(src / "talks/2024/future.md", "series: sys", "series: fm")
    incremental = build(src, tmp_path / "inc")
    clean = build(src, tmp_path / "clean", fresh=True)
    assert [text for text, _, _ in sidebar(clean, "talks/2023/flash")] == [
        "Foundation Models",
        "Listings",
        "All series",
    ]
    inc, ref = incremental.html(), clean.html()
    assert sorted(inc) == sorted(ref)
    assert [name for name in ref if inc[name] != ref[name]] == []


def _series_from_files_alone(tmp_path: Path) -> Path:
    """``test-basic`` whose home page lists no series: they come from their files."""
    src = copy_root("basic", tmp_path)
    edit(src / "index.md", "series/fm\nseries/sys\n", "")
    return src


def test_a_series_is_in_the_navigation_from_its_file_alone(tmp_path: Path) -> None:
    b = build(_series_from_files_alone(tmp_path), tmp_path / "b", fresh=True)
    assert b.warnings == ""  # no "document isn't included in any toctree"
    # The hand-written entries first, then the series newest first (sys has the 2024 talk).
    assert [text for text, _, _ in sidebar(b, "talks/2023/flash")] == ["Listings", "Systems", "Foundation Models"]
    assert [(text, current) for text, _, current in sidebar(b, "series/fm")][-1] == ("Foundation Models", True)


def test_a_home_page_without_a_toctree_still_lists_the_series(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    edit(src / "index.md", ":::{toctree}\n:hidden:\nseries/fm\nseries/sys\nlistings\n:::\n", "")
    (src / "listings.md").write_text(
        "---\norphan: true\n---\n" + (src / "listings.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    b = build(src, tmp_path / "b", fresh=True)
    assert b.warnings == ""
    assert [text for text, _, _ in sidebar(b, "talks/2023/flash")] == ["Systems", "Foundation Models"]


def test_incremental_equals_clean_when_series_files_come_and_go(tmp_path: Path) -> None:
    src = _series_from_files_alone(tmp_path)
    build(src, tmp_path / "inc", fresh=True)
    (src / "series" / "new.md").write_text(
        "---\nseries:\n  title: Newest\n  breaks: [{date: 2100-01-07, label: Holiday}]\n---\n# Newest\n",
        encoding="utf-8",
    )
    for step in ("added", "removed"):
        if step == "removed":
            (src / "series" / "new.md").unlink()
        incremental = build(src, tmp_path / "inc")
        clean = build(src, tmp_path / f"clean-{step}", fresh=True)
        assert incremental.warnings == clean.warnings == ""
        expected = ["Listings", "Newest", "Systems", "Foundation Models"]
        if step == "removed":
            expected.remove("Newest")
        assert [text for text, _, _ in sidebar(clean, "talks/2023/flash")] == expected
        inc, ref = incremental.html(), clean.html()
        assert sorted(inc) == sorted(ref)
        assert [name for name in ref if inc[name] != ref[name]] == [], step


def _footer(real: Build, page: str) -> dict[str, str]:
    soup = BeautifulSoup((real.outdir / page).read_text(encoding="utf-8"), "html.parser")
    return {cls: str(a["href"]) for cls in ("prev-page", "next-page") if (a := soup.select_one(f"a.{cls}"))}


def test_previous_and_next_follow_the_series_and_their_talks(real: Build) -> None:
    """Series: newer before, older after; a talk: the talks before and after it in its series; other pages: none."""
    assert _footer(real, "series/foundation-models-2023.html") == {
        "prev-page": "systems-for-ml-2023.html",
        "next-page": "weekly-2020-2022.html",
    }
    assert _footer(real, "series/systems-for-ml-2023.html") == {"next-page": "foundation-models-2023.html"}
    assert _footer(real, "index.html") == {}
    assert _footer(real, "about.html") == {}
    assert _footer(real, "talks/2023/flashattention.html") == {
        "next-page": "optimizing-communications-distributed.html"
    }
    assert _footer(real, "talks/2023/optimizing-communications-distributed.html") == {
        "prev-page": "flashattention.html",
        "next-page": "pathways-language-model-model-scaling.html",
    }
