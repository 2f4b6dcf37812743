"""Every builder that Sphinx ships builds the site without an error or a warning.

``tests/roots/test-links`` (bios with links, roles and footnotes) with a talk page and a
hand-written speaker page put in the toctree, so the builders that assemble the toctree into one
output (singlehtml, latex, texinfo, man) hold a talk header, a footer, listings and a speaker
page.  Their output holds no other talk page and no generated page, so links to those are text.
linkcheck ignores every link: no request leaves the machine (the test fails if one is tried).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests
from bs4 import BeautifulSoup

from sitebuild import build, copy_root, edit

BUILDERS = [
    "html",
    "dirhtml",
    "singlehtml",
    "latex",
    "texinfo",
    "text",
    "man",
    "xml",
    "pseudoxml",
    "epub",
    "gettext",
    "changes",
    "linkcheck",
    "dummy",
]
OVERRIDES: dict[str, Any] = {
    "epub": {"version": "1", "copyright": "2024"},  # EPUB 3 requires both (else a warning of Sphinx's own)
    "linkcheck": {"linkcheck_ignore": [".*"]},
}


pytestmark = pytest.mark.usefixtures("as_of_nov_14_2023")  # the build's "today": 2023-11-14


@pytest.fixture
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"a request was tried: {args}")

    monkeypatch.setattr(requests.Session, "request", refuse)


def _site(tmp_path: Path) -> Path:
    src = copy_root("links", tmp_path)
    edit(src / "index.md", "series/fm\nabout\n", "series/fm\nabout\ntalks/2023/first\nspeakers/grace-hopper\n")
    return src


@pytest.mark.usefixtures("_offline")
@pytest.mark.parametrize("builder", BUILDERS)
def test_builder_builds_without_warnings(tmp_path: Path, builder: str) -> None:
    done = build(
        _site(tmp_path), tmp_path / "out", fresh=True, buildername=builder, confoverrides=OVERRIDES.get(builder)
    )
    assert done.warnings == ""
    assert any(done.outdir.iterdir()) or builder in ("dummy", "changes")  # changes: the site has no versionadded


def _text(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").split())


def test_singlehtml_links_only_to_what_its_page_holds(tmp_path: Path) -> None:
    done = build(_site(tmp_path), tmp_path / "out", fresh=True, buildername="singlehtml")
    page = BeautifulSoup((done.outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    body = page.select_one("article")
    for link in body.select("a[href]"):
        href = str(link["href"])
        assert href.startswith(("#", "https://")), href  # no page of its own: speaker pages, other talks
    text = " ".join(body.get_text(" ").split())
    assert "Ada Lovelace and Grace Hopper" in text  # the talk's header, in its place
    assert "Next in series: The Second Talk" in text  # the footer: a talk the page does not hold, as text
    assert "Grace wrote the first compiler." in text and "Grace's footnote." in text  # the speaker page, filled


@pytest.mark.parametrize("builder", ["latex", "texinfo"])
def test_single_document_builders_show_the_inlined_pages(tmp_path: Path, builder: str) -> None:
    done = build(_site(tmp_path), tmp_path / "out", fresh=True, buildername=builder)
    (output,) = [p for p in done.outdir.iterdir() if p.suffix in (".tex", ".texi")]
    text = _text(output)
    assert "Next in series: The Second Talk" in text
    assert "Grace wrote the first compiler." in text and "Grace" in text
    assert "Ada Lovelace" in text and "speakers/grace-hopper" in text  # the speaker page it holds is linked
    assert "speakers/ada-lovelace" not in text and "talks/2024/second" not in text  # the pages it does not, never


@pytest.mark.parametrize("builder", ["latex", "texinfo", "singlehtml", "man"])
def test_speaker_pages_inlined_without_their_talks(tmp_path: Path, builder: str) -> None:
    """Bios copied to a speaker page whose talks the output does not hold: their links become text."""
    src = copy_root("links", tmp_path)
    edit(src / "index.md", "about\n", "about\nspeakers/grace-hopper\nspeakers/ada-lovelace\n")
    (src / "speakers/ada-lovelace.md").write_text("---\nname: Ada Lovelace\n---\nAda by hand.\n", encoding="utf-8")
    done = build(src, tmp_path / "out", fresh=True, buildername=builder)
    assert done.warnings == ""
    text = " ".join(
        p.read_text(encoding="utf-8") for p in done.outdir.rglob("*") if p.suffix in (".tex", ".texi", ".html", ".1")
    )
    assert "first footnote." in text and "s footnote." in text  # Ada's and Grace's (apostrophes are escaped)
