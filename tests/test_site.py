"""The real site: builds with no warnings (html and dirhtml), holds every seed talk, writes nothing into the sources."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from sitebuild import Build, build

ROOT = Path(__file__).resolve().parents[1]
FIDELITY = ROOT.parent / "shared" / "checks" / "seed_fidelity.py"


def _source_snapshot() -> dict[str, float]:
    skip = {
        ".git",
        ".venv",
        "_build",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".hypothesis",
    }  # test tools' caches
    return {
        p.relative_to(ROOT).as_posix(): p.stat().st_mtime
        for p in ROOT.rglob("*")
        if p.is_file() and not skip & set(p.relative_to(ROOT).parts) and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    before = _source_snapshot()
    result = build(ROOT, tmp_path_factory.mktemp("site"), fresh=True)
    assert _source_snapshot() == before, "the build wrote into the source tree"
    return result


def test_site_builds_without_warnings(site: Build) -> None:
    assert site.warnings == ""


def test_dirhtml_builds_without_warnings(tmp_path: Path) -> None:
    result = build(ROOT, tmp_path, fresh=True, buildername="dirhtml")
    assert result.warnings == ""
    assert (result.outdir / "talks/2023/flashattention/index.html").exists()
    assert (result.outdir / "speakers/tri-dao/index.html").exists()
    assert _broken_internal_links(result.outdir) == []


def test_all_86_talks_have_pages(site: Build) -> None:
    pages = [p for p in (site.outdir / "talks").rglob("*.html") if p.name != "index.html"]
    assert len(pages) == 86
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one("article h1"), page
        assert soup.select_one(".seminar-talk-header time[datetime]"), page


@pytest.mark.skipif(not FIDELITY.exists(), reason="../shared/checks is not beside this checkout")
def test_seed_fidelity(site: Build) -> None:
    done = subprocess.run(
        [sys.executable, str(FIDELITY), str(site.outdir), "--speakers"], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip().splitlines()[-1] == "86/86 seed talks complete", done.stdout


def _broken_internal_links(outdir: Path) -> list[str]:
    """Every internal href/src of every page that does not reach a file (and, with a fragment, an id in it)."""
    ids: dict[Path, set[str]] = {}

    def ids_of(target: Path) -> set[str]:
        if target not in ids:
            soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
            ids[target] = {tag["id"] for tag in soup.select("[id]")} | {tag["name"] for tag in soup.select("a[name]")}
        return ids[target]

    broken = []
    for page in sorted(outdir.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select("a[href], link[href], script[src], img[src]"):
            url = str(tag.get("href") or tag.get("src"))
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url == "#":
                continue  # external, or a bare "#" that furo uses for buttons
            # Absolute paths are the 404 page's, which is served for any missing URL.
            base = outdir if parts.path.startswith("/") else page.parent
            target = (base / unquote(parts.path).lstrip("/")) if parts.path else page
            if target.is_dir() or parts.path.endswith("/"):
                target = target / "index.html"
            where = f"{page.relative_to(outdir)}: {url}"
            if not target.resolve().is_file():
                broken.append(where)
            elif (
                parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target.resolve())
            ):
                broken.append(where + " (no such id)")
    return broken


def test_every_internal_link_resolves(site: Build) -> None:
    assert _broken_internal_links(site.outdir) == []


def _stylesheets(real: Build, page: str) -> set[str]:
    soup = BeautifulSoup((real.outdir / page).read_text(encoding="utf-8"), "html.parser")
    return {link["href"].rsplit("/", 1)[-1].split("?")[0] for link in soup.select('link[rel="stylesheet"]')}


def test_a_page_links_only_the_stylesheets_it_uses(real: Build) -> None:
    """sphinx-design's sheet on pages with its markup only (the real site has none: its cards are the extension's), Pygments' on pages with code only."""
    for page in (
        "index.html",
        "talks/2023/flashattention.html",
        "speakers/tri-dao.html",
        "talks/index.html",
        "search.html",
    ):
        sheets = _stylesheets(real, page)
        assert "sphinx-design.min.css" not in sheets and "pygments.css" not in sheets, (page, sheets)
        assert {"furo.css", "seminar.css"} <= sheets


def test_no_script_blocks_the_first_paint(real: Build) -> None:
    """Every script file in a page's head is deferred (the search page keeps its order: its template's scripts
    call doctools.js as they load); sphinx-design's tab script only where a design component is."""
    search_page = real.outdir / "search.html"
    for path in real.outdir.rglob("*.html"):
        if path == search_page:
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        blocking = [
            s["src"] for s in soup.find_all("script", src=True) if not s.has_attr("defer") and not s.has_attr("async")
        ]
        assert blocking == [], (path, blocking)
        if path.name != "index.html" or path.parent != real.outdir:
            assert not soup.find("script", src=re.compile("design-tabs")), path
    search = BeautifulSoup(search_page.read_text(encoding="utf-8"), "html.parser")
    assert [s["src"].split("?")[0].rsplit("/", 1)[-1] for s in search.find_all("script", src=True)][:2] == [
        "documentation_options.js",
        "doctools.js",
    ]


@pytest.mark.parametrize("page", ["index.html", "talks/2023/flashattention.html", "search.html", "404.html"])
def test_side_landmarks_have_names_and_every_page_a_heading(real: Build, page: str) -> None:
    """furo's two ``<aside>`` regions are told apart by screen readers; the search page has its own ``<h1>``."""
    soup = BeautifulSoup((real.outdir / page).read_text(encoding="utf-8"), "html.parser")
    assert [aside.get("aria-label") for aside in soup.select("aside.sidebar-drawer, aside.toc-drawer")] == [
        "Site navigation",
        "On this page",
    ]
    assert len(soup.find_all("h1")) == 1
    back_to_top = soup.select_one("a.back-to-top")
    assert back_to_top is not None and back_to_top.parent.name == "nav", "furo's Back to top link in no landmark"
