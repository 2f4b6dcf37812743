"""The original site's public URLs, ``/cs528/`` and ``/about/``, in the html and dirhtml builds.

A static server answers a folder URL with the folder's ``index.html``: in both builders that
file must exist and either be the page itself or redirect to it, and no real page may have been
overwritten by a redirect (sphinx-reredirects overwrites whatever is at its path).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.errors import ConfigError

from sitebuild import Build, build

ROOT = Path(__file__).resolve().parents[1]
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')


@pytest.fixture(scope="module")
def dirhtml(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(ROOT, tmp_path_factory.mktemp("dirhtml"), fresh=True, buildername="dirhtml")


def _lands_on(outdir: Path, old: str) -> Path:
    """The page file that ``<old>/index.html`` is or redirects to, checked to be a real page."""
    file = outdir / old / "index.html"
    text = file.read_text(encoding="utf-8")
    refresh = REFRESH.search(text)
    if refresh is None:
        return file  # the page itself
    canonical = CANONICAL.search(text)
    assert canonical is not None and canonical.group(1) == refresh.group(1)
    target = (file.parent / refresh.group(1)).resolve()
    if refresh.group(1).endswith("/"):
        target = target / "index.html"
    assert 'id="furo-main-content"' in target.read_text(encoding="utf-8")  # a page of the site, not a redirect
    return target


def _title(page: Path) -> str:
    found = re.search(r"<h1>([^<]+)", page.read_text(encoding="utf-8"))
    assert found is not None, page
    return found.group(1)


def test_html(real: Build) -> None:
    out = real.outdir
    assert _lands_on(out, "cs528") == (out / "courses" / "cs528.html").resolve()
    assert _lands_on(out, "about") == (out / "about.html").resolve()
    assert _title(out / "courses" / "cs528.html") == "CS 528: Machine Learning Systems Seminar"
    assert _title(out / "about.html") == "About the MLSys Seminar"


def test_dirhtml(dirhtml: Build) -> None:
    out = dirhtml.outdir
    assert dirhtml.warnings == ""
    assert _lands_on(out, "cs528") == (out / "courses" / "cs528" / "index.html").resolve()
    # With dirhtml the about page is itself at about/index.html: no redirect overwrote it.
    assert _lands_on(out, "about") == out / "about" / "index.html"
    assert _title(out / "about" / "index.html") == "About the MLSys Seminar"
    assert _title(out / "courses" / "cs528" / "index.html") == "CS 528: Machine Learning Systems Seminar"


def test_course_page_keeps_the_original_content(real: Build) -> None:
    text = (real.outdir / "courses" / "cs528.html").read_text(encoding="utf-8")
    for piece in (
        'href="https://canvas.stanford.edu/courses/154415"',
        'href="../index.html"',
        "Sapp Center for Science Teaching and Learning, room 118",
        "Fiodar Kazhamakia",
        "This class is offered CR/NC only.",
        "Students can miss up to two seminars/discussion sessions per quarter",
        '<meta content="CS 528 Course Info" name="description" />',
    ):
        assert piece in text, piece
    about = (real.outdir / "about.html").read_text(encoding="utf-8")
    assert 'href="courses/cs528.html"' in about


def test_a_redirect_to_no_page_stops_the_build(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no page of the site"):
        build(ROOT, tmp_path, fresh=True, confoverrides={"seminar_redirects": {"old/": "nowhere"}})


def test_a_redirect_never_overwrites_another_page(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="would overwrite the page 'about'"):
        build(
            ROOT, tmp_path, fresh=True, buildername="dirhtml", confoverrides={"seminar_redirects": {"about/": "index"}}
        )
