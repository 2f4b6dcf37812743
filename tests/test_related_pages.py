"""Related talks on talk pages: on subject, never shown twice, and re-ranked by an incremental build as by a clean one."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from seminar.site.related import Document, RelatedIndex
from sitebuild import Build, build, copy_root, edit

CONTENT_PAGES = {"genindex", "search"}  # Sphinx rewrites these on every build that read anything
TALKS = [
    "talks/2021/tvm",
    "talks/2021/fedavg",
    "talks/2021/triton",
    "talks/2022/quant",
    "talks/2022/batching",
    "talks/2022/secure",
    "talks/2022/mlir",
    "talks/2022/garden",
]


pytestmark = pytest.mark.usefixtures("as_of_nov_14_2023")  # the build's "today": 2023-11-14


def _footer(out: Path, page: str) -> BeautifulSoup:
    html = (out / f"{page}.html").read_text(encoding="utf-8")
    footer = BeautifulSoup(html, "html.parser").select_one(".seminar-talk-footer")
    assert footer is not None
    return footer


def related(out: Path, page: str) -> list[str]:
    """The pages a talk page lists under "Related talks", as page names."""
    footer = _footer(out, page)
    heading = next((p for p in footer.select("p.rubric") if p.get_text(strip=True) == "Related talks"), None)
    if heading is None:
        return []
    folder = page.rsplit("/", 1)[0]
    listing = heading.find_next_sibling("ul")
    hrefs = [a["href"] for a in listing.select("li > p > a.reference.internal:not(.seminar-speaker)")]
    return [_page(folder, str(h)) for h in hrefs]


def _page(folder: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(folder, href.split("#")[0])).removesuffix(".html")


def _others_shown(out: Path, page: str) -> set[str]:
    """Talks the footer shows before "Related talks": previous/next in series and more by the speakers."""
    footer = _footer(out, page)
    folder = page.rsplit("/", 1)[0]
    shown = set()
    for a in footer.select(".seminar-series-nav a, p.rubric + ul a.reference.internal:not(.seminar-speaker)"):
        rubric = a.find_parent("ul").find_previous_sibling("p") if a.find_parent("ul") else None
        if rubric is not None and rubric.get_text(strip=True) == "Related talks":
            continue
        shown.add(_page(folder, str(a["href"])))
    return shown


def test_related_talks_are_on_subject(tmp_path: Path) -> None:
    out = build(copy_root("related", tmp_path), tmp_path / "out", fresh=True).outdir
    # The other talk on serving is its next in series, so not again here; the talk that shares its topic is first.
    assert related(out, "talks/2022/quant")[0] == "talks/2022/mlir"
    assert "talks/2022/batching" not in related(out, "talks/2022/quant")
    assert related(out, "talks/2021/fedavg")[0] == "talks/2022/secure"
    assert set(related(out, "talks/2021/tvm")[:2]) == {"talks/2021/triton", "talks/2022/mlir"}
    for page in TALKS:
        found = related(out, page)
        assert page not in found and len(found) == len(set(found)) <= 4


def test_an_abstract_edit_reranks_other_talks_as_a_clean_build_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = copy_root("related", tmp_path)
    first = build(src, tmp_path / "inc", fresh=True)
    before = {page: related(first.outdir, page) for page in TALKS}
    assert "talks/2022/garden" not in before["talks/2022/quant"]
    edit(
        src / "talks/2022/garden.md",
        "Cleaning and labelling data sets by hand, one row at a time.",
        "Quantization to int8 and dynamic batching of requests for serving language models on GPUs.",
    )
    made, updated = _count_rankings(monkeypatch)
    incremental = build(src, tmp_path / "inc")
    assert (made, updated) == ([], [["talks/2022/garden"]])  # the last build's index, brought up to date
    clean = build(src, tmp_path / "clean", fresh=True)
    inc_html, ref_html = incremental.html(), clean.html()
    assert sorted(inc_html) == sorted(ref_html)
    assert [name for name in ref_html if inc_html[name] != ref_html[name]] == []
    after = {page: related(clean.outdir, page) for page in TALKS}
    reranked = {page for page in TALKS if before[page] != after[page]} - {"talks/2022/garden"}
    assert "talks/2022/garden" in after["talks/2022/quant"]  # it now speaks of what that talk is about
    # Exactly the edited talk, the talks whose related talks changed and the edited talk's series
    # page (its schedule opens the abstract in place) are written again; not the series page's
    # toctree parent, the root, whose toctree shows the titles it showed.
    assert "talks/2022/quant" in reranked
    assert incremental.written - CONTENT_PAGES == reranked | {"talks/2022/garden", "series/b"}


def _count_rankings(monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], list[list[str]]]:
    """Record each new related-talk index (its number of talks) and each update (the talks it was given)."""
    made: list[int] = []
    updated: list[list[str]] = []
    post_init, update = RelatedIndex.__post_init__, RelatedIndex.update

    def counted_post_init(self: RelatedIndex) -> None:
        made.append(len(self.documents))
        post_init(self)

    def counted_update(self: RelatedIndex, changed: Iterable[Document]) -> set[str] | None:
        changed = list(changed)
        updated.append([d.docname for d in changed])
        return update(self, changed)

    monkeypatch.setattr(RelatedIndex, "__post_init__", counted_post_init)
    monkeypatch.setattr(RelatedIndex, "update", counted_update)
    return made, updated


def test_an_edit_of_more_than_an_abstract_ranks_every_talk_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = copy_root("related", tmp_path)
    build(src, tmp_path / "inc", fresh=True)
    (tmp_path / "inc" / "doctrees" / "seminar-related-index.pickle").write_bytes(b"damaged")
    edit(src / "talks/2022/garden.md", "by hand", "by hand and by script")
    made, updated = _count_rankings(monkeypatch)
    again = build(src, tmp_path / "inc")
    assert (made, updated) == ([len(TALKS)], [])  # the kept index unreadable: ranked anew, as a clean build
    assert related(again.outdir, "talks/2022/garden") == related(
        build(src, tmp_path / "clean", fresh=True).outdir, "talks/2022/garden"
    )
    made.clear()
    edit(src / "talks/2022/garden.md", "tags: []", "tags: [serving]")
    build(src, tmp_path / "inc")
    assert made == [len(TALKS)]  # a topic changed: not only an abstract


def test_every_real_talk_page_shows_related_talks_not_shown_above(real: Build) -> None:
    pages = sorted(p.relative_to(real.outdir).with_suffix("").as_posix() for p in real.outdir.glob("talks/20*/*.html"))
    assert len(pages) == 86
    for page in pages:
        found = related(real.outdir, page)
        assert 1 <= len(found) <= 4, page
        assert page not in found and len(set(found)) == len(found)
        assert not set(found) & _others_shown(real.outdir, page), page
