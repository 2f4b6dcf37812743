"""The 404 page's body: a search box and links home and to all talks, absolute from the site root.

sphinx-notfound-page serves ``404.html`` at any missing path, so a relative link there would
point nowhere; every URL of the way on carries ``notfound_urls_prefix``.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from sitebuild import Build, build

ROOT = Path(__file__).resolve().parents[1]


def _way_on(page: Path) -> tuple[str, str, list[tuple[str, str]]]:
    """The search form's action and field name, and the body's links (text, href)."""
    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
    assert article is not None
    form = article.select_one("form.seminar-notfound-search")
    assert form is not None and form.get("method") == "get"
    field = form.select_one("input")
    assert field is not None and form.select_one(f'label[for="{field["id"]}"]') is not None
    links = [(a.get_text(strip=True), str(a["href"])) for a in article.select("ul.seminar-notfound-links a")]
    return str(form["action"]), str(field["name"]), links


def test_html(real: Build) -> None:
    action, name, links = _way_on(real.outdir / "404.html")
    assert (action, name) == ("/search.html", "q")
    assert [href for _, href in links] == ["/index.html", "/talks/index.html"]
    assert (real.outdir / "search.html").is_file() and (real.outdir / "talks" / "index.html").is_file()


def test_dirhtml_with_a_prefix(tmp_path: Path) -> None:
    result = build(
        ROOT, tmp_path, fresh=True, buildername="dirhtml", confoverrides={"notfound_urls_prefix": "/en/latest/"}
    )
    assert result.warnings == ""
    action, _name, links = _way_on(result.outdir / "404" / "index.html")
    assert action == "/en/latest/search/"
    assert [href for _, href in links] == ["/en/latest/", "/en/latest/talks/"]
