"""Names that the generated indexes take: a tag or a speaker ``index``, a page ``talks/index.md``.

``speakers/index``, ``tags/index`` and ``talks/index`` are the generated indexes.  A speaker or a
tag whose id would be ``index`` (``Index``, ``INDEX``, ``Índex``: slugs fold case and accents) keeps
a page at ``<id>-2``, and every way of naming it (front matter, ``{speaker}``, ``:tag:``) finds
that page; ``talks/index.md``, ``speakers/index.md`` and ``tags/index.md`` are not built.  Each is
a located ``seminar.reserved_name`` warning, and ``seminar check`` reports the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from seminar.cli.check import SiteFiles, check_files
from sitebuild import Build, build, copy_root, edit, seminar_warnings

TALK = """---
title: {title}
speakers:
{speakers}
date: 2023-05-0{day}
series: fm
tags: {tags}
---

:::{{abstract}}
{body}
:::
"""
PAGES = {
    "talks/2023/index-tag.md": TALK.format(
        title="Tagged Index",
        speakers="  - Index",
        day=1,
        tags="[Index, INDEX, Índex, attention]",
        body="By {speaker}`Index`, see {speaker}`index`.",
    ),
    "talks/2023/explicit.md": TALK.format(
        title="An explicit id", speakers="  - name: Someone Else\n    id: index", day=2, tags="[]", body="Else."
    ),
    "talks/index.md": TALK.format(title="A talk at the index", speakers="  - Tri Dao", day=3, tags="[]", body="Lost."),
    "speakers/index.md": "---\nname: Index Person\n---\nA page at the speaker index.\n",
    "tags/index.md": "# Tags by hand\n",
}
LISTING = "\n:::{talk-list}\n:tag: INDEX\n:style: compact\n:::\n"
EXPECTED = [
    (
        "talks/2023/index-tag.md",
        4,
        "speaker 'Index' would have the page speakers/index.html, which is the speaker index; "
        "their page is speakers/index-2.html (give an 'id:' to choose another)",
    ),
    *(
        (
            "talks/2023/index-tag.md",
            7,
            f"tag {tag!r} would have the page tags/index.html, which is the index of tags; its page is tags/index-2.html",
        )
        for tag in ("Index", "INDEX", "Índex")
    ),
    (
        "talks/2023/explicit.md",
        4,
        "speaker 'Someone Else' would have the page speakers/index.html, which is the speaker index; "
        "their page is speakers/index-2.html (give an 'id:' to choose another)",
    ),
    (
        "talks/index.md",
        1,
        "talks/index.html is the list of all talks, so this page is not built; "
        "move the talk into its year's folder (talks/<YYYY>/<slug>.md)",
    ),
    (
        "speakers/index.md",
        1,
        "speakers/index.html is the speaker index, so this page is not built; "
        "a speaker with the id 'index' has the page speakers/index-2 (speakers/index-2.md)",
    ),
    ("tags/index.md", 1, "tags/index.html is the index of tags, so this page is not built; give the page another name"),
]


pytestmark = pytest.mark.usefixtures("as_of_nov_14_2023")  # the build's "today": 2023-11-14


def _site(tmp: Path) -> Path:
    src = copy_root("basic", tmp)
    for name, text in PAGES.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    with (src / "listings.md").open("a", encoding="utf-8") as out:
        out.write("\n## Tagged Index\n" + LISTING)
    return src


@pytest.fixture(scope="module")
def reserved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Build]:
    tmp = tmp_path_factory.mktemp("reserved")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
        src = _site(tmp)
        return src, build(src, tmp / "out", fresh=True)


def _soup(b: Build, page: str) -> BeautifulSoup:
    return BeautifulSoup((b.outdir / page).read_text(encoding="utf-8"), "html.parser")


def _title(b: Build, page: str) -> str:
    return _soup(b, page).select_one("article h1").get_text().strip("¶ ")


def test_each_reserved_name_is_warned_at_its_place(reserved: tuple[Path, Build]) -> None:
    src, built = reserved
    assert sorted(seminar_warnings(built, src, "reserved_name", only=True)) == sorted(EXPECTED)


def test_the_check_reports_what_the_build_does(reserved: tuple[Path, Build]) -> None:
    src, _built = reserved
    paths = [src / name for name in PAGES if not name.startswith("tags/")]  # tags/index.md is no page the check knows
    problems, _skipped = check_files(paths, SiteFiles(src))
    found = [(p.path, p.line, p.message) for p in problems]
    assert sorted(found) == sorted(e for e in EXPECTED if not e[0].startswith("tags/"))


def test_the_indexes_keep_their_pages(reserved: tuple[Path, Build]) -> None:
    _src, built = reserved
    assert _title(built, "talks/index.html") == "All talks"
    assert _title(built, "speakers/index.html") == "Speakers"
    assert _title(built, "tags/index.html") == "Tags"


def test_the_tag_and_the_speakers_have_pages_of_their_own(reserved: tuple[Path, Build]) -> None:
    _src, built = reserved
    assert _title(built, "tags/index-2.html") == "Talks tagged “Index”"
    assert "Tagged Index" in _soup(built, "tags/index-2.html").select_one("article").get_text()
    speaker = _soup(built, "speakers/index-2.html").select_one("article").get_text()
    assert "Tagged Index" in speaker and "An explicit id" in speaker  # one id: one page, as any shared id
    talk = _soup(built, "talks/2023/index-tag.html")
    hrefs = {a["href"] for a in talk.select("article a[href]")}
    assert "../../speakers/index-2.html" in hrefs and "../../tags/index-2.html" in hrefs
    assert not any(h.endswith(("speakers/index.html", "tags/index.html")) for h in hrefs)
    listing = _soup(built, "listings.html").select_one("section#tagged-index")
    assert [a.get_text() for a in listing.select("li > p > a:not(.seminar-speaker)")] == ["Tagged Index"]


def test_talks_json_points_at_no_index(reserved: tuple[Path, Build]) -> None:
    _src, built = reserved
    data = json.loads((built.outdir / "talks.json").read_text(encoding="utf-8"))
    paths = [t["path"] for t in data["talks"]] + [s["path"] for s in data["speakers"]]
    assert not any(p.rsplit("/", 1)[-1] == "index.html" for p in paths)
    assert "A talk at the index" not in {t["title"] for t in data["talks"]}
    assert {"id": "index-2", "path": "speakers/index-2.html"}.items() <= {
        k: v for s in data["speakers"] if s["id"] == "index-2" for k, v in s.items()
    }.items()


def test_editing_a_reserved_page_leaves_the_index_as_a_clean_build_has_it(tmp_path: Path) -> None:
    src = _site(tmp_path)
    build(src, tmp_path / "inc", fresh=True)
    edit(src / "talks/index.md", "Lost.", "Still lost.")
    edit(src / "speakers/index.md", "A page at", "Still a page at")
    incremental = build(src, tmp_path / "inc")
    clean = build(src, tmp_path / "clean", fresh=True)
    assert incremental.html() == clean.html()
    assert _title(incremental, "talks/index.html") == "All talks"
