"""Links, roles and footnotes in ``{abstract}`` and ``{bio}``: the same on the talk page and on speaker pages.

``tests/roots/test-links`` has bios with every kind of link (the site's roles, a Markdown link to
a page and to an anchor, ``{doc}`` absolute and relative, ``{ref}``) and footnotes, for a speaker
whose page is generated (Ada Lovelace, two talks, so two bios with a footnote 1 meet on one page)
and one with a hand-written ``speakers/<id>.md`` (Grace Hopper, filled at ``doctree-resolved``).
A bio is copied to the speaker page: each link must lead where it leads on the talk page, with the
same text, and each footnote must show with its text.  A listing inside a bio or an abstract is a
``misplaced`` warning (``tests/test_warnings.py``); what the text copies (feeds, calendars,
``talks.json``) must never carry a build's diagnostics.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from sitebuild import Build, build, copy_root, edit

SITE = "https://site.invalid/"  # resolves relative links as a browser does


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def links(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp(f"links-{request.param}")
    return build(copy_root("links", tmp), tmp / "out", fresh=True, buildername=request.param)


def _page(b: Build, name: str) -> Path:
    """The output file of page ``name`` (``talks/2023/first``) for html and dirhtml alike."""
    flat = b.outdir / f"{name}.html"
    return flat if flat.is_file() else b.outdir / name / "index.html"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _target(b: Build, page: Path, href: str) -> tuple[str, str]:
    """Where ``href`` on ``page`` leads: (output file relative to the root, anchor)."""
    url = urljoin(SITE + page.relative_to(b.outdir).as_posix(), href)
    path = urlsplit(url).path.removeprefix("/")
    if not path or path.endswith("/"):
        path += "index.html"
    return posixpath.normpath(path), urlsplit(url).fragment


def _bio_links(b: Build, page: Path, bio: Tag) -> list[tuple[str, tuple[str, str]]]:
    return [
        (a.get_text(), _target(b, page, str(a["href"])))
        for a in bio.select("a[href]")
        if "seminar-bio-source" not in (a.parent.get("class") or [])  # the "From <talk>" line of speaker pages
        and "footnote-reference" not in (a.get("class") or [])
        and a.get("role") != "doc-backlink"
    ]


def test_the_site_builds_without_warnings(links: Build) -> None:
    assert links.warnings == ""


@pytest.mark.parametrize(
    ("speaker", "talk", "bio"),
    [
        ("speakers/ada-lovelace", "talks/2023/first", "bio-ada-lovelace"),  # a generated page
        ("speakers/ada-lovelace", "talks/2024/second", "bio-ada-lovelace"),
        ("speakers/grace-hopper", "talks/2023/first", "bio-grace-hopper"),  # hand-written, filled at doctree-resolved
    ],
)
def test_a_bio_links_to_the_same_targets_on_the_speaker_page(links: Build, speaker: str, talk: str, bio: str) -> None:
    talk_page = _page(links, talk)
    on_talk = _bio_links(links, talk_page, _soup(talk_page).select_one(f"#{bio}"))
    assert on_talk, "the bio has links"
    speaker_page = _page(links, speaker)
    boxes = _soup(speaker_page).select("article .seminar-bio")
    source = _target(links, talk_page, "")[0]
    (box,) = [
        b for b in boxes if _target(links, speaker_page, b.select_one(".seminar-bio-source a")["href"])[0] == source
    ]
    assert _bio_links(links, speaker_page, box) == on_talk


def test_link_texts_are_the_titles_of_their_targets(links: Build) -> None:
    box = _soup(_page(links, "speakers/ada-lovelace")).select("article .seminar-bio")[-1]  # the 2023 bio, oldest last
    texts = [a.get_text() for a in box.select("p:not(.seminar-bio-source) a") if "footnote-reference" not in a["class"]]
    assert texts == [
        "The Second Talk",
        "Grace Hopper",
        "Foundation Models",
        "the about page",
        "About the seminar",
        "About the seminar",
        "The team",
        "the team",
    ]


def _ids(page: BeautifulSoup) -> list[str]:
    return [str(node["id"]) for node in page.select("[id]")]


@pytest.mark.parametrize("speaker", ["speakers/ada-lovelace", "speakers/grace-hopper"])
def test_footnotes_show_with_their_text_and_every_anchor_exists(links: Build, speaker: str) -> None:
    page = _soup(_page(links, speaker))
    ids = _ids(page)
    assert len(ids) == len(set(ids)), "an id is given twice"
    refs = page.select("article .seminar-bio a.footnote-reference")
    assert refs, "the bios keep their footnote references"
    for ref in refs:
        note = page.find(id=str(ref["href"]).removeprefix("#"))
        assert note is not None and "footnote" in note["class"]
        assert note.select_one('a[role="doc-backlink"]')["href"] == f"#{ref['id']}"
    text = page.select_one("article").get_text(" ")
    wanted = ["Ada's first footnote.", "Ada's second footnote.", "A footnote of the second talk."]
    assert all(t in text for t in (wanted if "ada" in speaker else ["Grace's footnote."]))


def test_every_link_of_every_page_leads_to_a_page_and_anchor_that_exist(links: Build) -> None:
    pages = [p for p in links.outdir.rglob("*.html") if "_static" not in p.parts]
    anchors: dict[str, set[str]] = {}
    for page in pages:
        anchors[page.relative_to(links.outdir).as_posix()] = set(_ids(_soup(page)))
    broken = []
    for page in pages:
        for a in _soup(page).select("article a[href]"):
            href = str(a["href"])
            if urlsplit(href).scheme:
                continue
            target, anchor = _target(links, page, href)
            if not target.endswith(".html"):  # a calendar or a feed
                if not (links.outdir / target).is_file():
                    broken.append((page.relative_to(links.outdir).as_posix(), href))
            elif target not in anchors or (anchor and anchor not in anchors[target]):
                broken.append((page.relative_to(links.outdir).as_posix(), href))
    assert broken == []


def test_stored_texts_keep_the_footnotes(links: Build) -> None:
    talks = {t["slug"]: t for t in json.loads((links.outdir / "talks.json").read_text(encoding="utf-8"))["talks"]}
    assert "The abstract's footnote." in talks["first"]["abstract"]
    bios = {s["id"]: s["bio"] for s in talks["first"]["speakers"]}
    assert "Ada's second footnote." in bios["ada-lovelace"] and "Grace's footnote." in bios["grace-hopper"]


def test_a_renamed_link_target_reaches_the_speaker_pages(tmp_path: Path) -> None:
    """A role's text is its target's title: retitling the target rewrites the speaker pages that copy the bio."""
    src = copy_root("links", tmp_path)
    build(src, tmp_path / "inc", fresh=True)
    edit(src / "talks/2024/second.md", "title: The Second Talk", "title: The Sequel")
    incremental = build(src, tmp_path / "inc")
    clean = build(src, tmp_path / "clean", fresh=True)
    assert {"speakers/grace-hopper", "speakers/ada-lovelace"} <= incremental.written
    assert incremental.html() == clean.html()
    assert "The Sequel" in _soup(_page(incremental, "speakers/grace-hopper")).select_one(".seminar-bio").get_text()


TYPO = """---
title: A typo in a role
speakers: [Ada Lovelace]
date: 2023-03-01
series: fm
---

:::{abstract}
An abstract with a {typo}`role` and a dangling footnote[^missing].
:::

:::{bio}
A bio with {nosuchrole}`text` in it.
:::
"""


def test_stored_texts_carry_no_diagnostics(tmp_path: Path) -> None:
    """An unknown role's report names the file by its absolute path: it must reach no feed, calendar or export."""
    src = copy_root("links", tmp_path)
    (src / "talks/2023/typo.md").write_text(TYPO, encoding="utf-8")
    built = build(src, tmp_path / "out", fresh=True)
    assert "Unknown interpreted text role" in built.warnings  # reported, on the page
    files = [built.outdir / name for name in ("talks.json", "atom.xml", "calendar.ics", "talks/2023/typo.ics")]
    files += [_page(built, "talks/2023/typo"), _page(built, "speakers/ada-lovelace")]
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert str(src) not in text and "(WARNING" not in text and "(ERROR" not in text, file.name
    talk = next(
        t for t in json.loads((built.outdir / "talks.json").read_text(encoding="utf-8"))["talks"] if t["slug"] == "typo"
    )
    assert talk["abstract"] == "An abstract with a  and a dangling footnote[^missing]."
    assert talk["speakers"][0]["bio"] == "A bio with  in it."
