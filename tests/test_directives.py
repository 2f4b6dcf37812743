"""``{abstract}`` and ``{bio}`` bodies: an empty block renders nothing, and HTML in a body is text.

``tests/roots/test-bodies`` has a talk exactly as the scaffolder writes it (empty blocks, guidance
in comments), a half-written talk with two speakers, and a talk whose abstract and bio hold HTML.
Empty blocks are how a talk is committed before its abstract is known (CONTRIBUTING.md), so they
build without warnings.
"""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from sitebuild import Build, build, copy_root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp("bodies")
    return build(copy_root("bodies", tmp), tmp / "build", fresh=True)


def _soup(site: Build, page: str) -> BeautifulSoup:
    return BeautifulSoup((site.outdir / page).read_bytes(), "html.parser")


def _article(site: Build, page: str) -> BeautifulSoup:
    article = _soup(site, page).select_one("article")
    assert article is not None
    return article


def test_empty_blocks_build_without_warnings(site: Build) -> None:
    assert site.warnings == ""


def test_an_empty_abstract_and_bio_render_nothing(site: Build) -> None:
    article = _article(site, "talks/2023/skeleton.html")
    assert article.select(".seminar-abstract, .seminar-bio, .rubric") == []
    text = article.get_text(" ", strip=True)
    assert "Abstract" not in text and "About" not in text
    assert "between the two" not in text  # the skeleton's guidance is a comment, not page text


def test_the_first_written_bio_carries_the_speakers_heading(site: Build) -> None:
    article = _article(site, "talks/2023/half-written.html")
    assert article.select(".seminar-abstract") == []  # only a comment inside
    bios = article.select(".seminar-bio")
    assert [bio.get("id") for bio in bios] == ["bio-alan-turing"]
    assert [r.get_text(strip=True) for r in article.select(".rubric")] == ["About the speakers"]


def test_a_speaker_without_a_written_bio_has_no_bio_box(site: Build) -> None:
    assert _article(site, "speakers/grace-hopper.html").select(".seminar-bio") == []
    alan = _article(site, "speakers/alan-turing.html").select(".seminar-bio")
    assert len(alan) == 1 and "machines can think" in alan[0].get_text()


@pytest.mark.parametrize("page", ["talks/2023/html-body.html", "speakers/mallory.html"])
def test_html_in_a_bio_shows_as_typed(site: Build, page: str) -> None:
    raw = (site.outdir / page).read_text(encoding="utf-8")
    assert "<script>alert(3)" not in raw
    bio = _article(site, page).select_one(".seminar-bio")
    assert bio is not None and "Mallory writes <script>alert(3)</script> in her bio." in bio.get_text()


def test_html_in_an_abstract_shows_as_typed(site: Build) -> None:
    abstract = _article(site, "talks/2023/html-body.html").select_one(".seminar-abstract")
    assert abstract is not None
    assert abstract.select("[onclick], b, div > div") == []
    paragraphs = [p.get_text() for p in abstract.select("p:not(.rubric)")]
    assert paragraphs == [
        'An abstract with <b onclick="alert(1)">inline</b> markup.',
        '<div onclick="alert(2)">A block of HTML.</div>',
    ]


def test_exports_keep_the_typed_text_and_leave_empty_blocks_out(site: Build) -> None:
    talks = {t["slug"]: t for t in json.loads((site.outdir / "talks.json").read_text(encoding="utf-8"))["talks"]}
    assert "<b onclick" in talks["html-body"]["abstract"]  # as typed: the consumer escapes it, as the feeds do
    assert talks["skeleton"].get("abstract", "") == ""


def test_the_site_is_all_written(site: Build) -> None:
    for page in ("talks/2023/skeleton.html", "talks/2023/half-written.html", "series/fm.html"):
        assert (site.outdir / page).is_file()


@pytest.mark.parametrize(
    "page",
    [
        "talks/2023/math-bio.html",
        "speakers/sophie-germain.html",  # generated
        "speakers/emmy-noether.html",  # written by hand, the bio appended
    ],
)
def test_a_page_showing_math_has_mathml_and_no_script(site: Build, page: str) -> None:
    """Math is MathML made at build time (seminar.html.math): no MathJax, no script for it."""
    assert _article(site, page).select(".seminar-bio .math math[display=inline] msup")
    scripts = [str(script.get("src", "")) for script in _soup(site, page).find_all("script")]
    assert not [src for src in scripts if "mathjax" in src.lower() or "://" in src]
