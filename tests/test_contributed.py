"""What talk, series and speaker pages may show (REFERENCE.md, "What talk, series and speaker pages may show").

A pull request that touches only those pages must be safe to merge once they are read: no link
that runs a script, no HTML, no file of the machine that builds the site.  ``tests/roots/test-unsafe``
tries every markup that makes a link (Markdown, reST in ``{eval-rst}``, sphinx-design's buttons,
cards and badges, images with targets, downloads) and every directive, image and download that
reads a file; its warnings, one by one, are cases of ``tests/test_warnings.py``.  Here the output is
checked as a whole: whatever markup made it, no page of the build links a script, and no file of
the build holds what the files outside the source folder hold.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from seminar.domain.safety import link_problem
from sitebuild import SECRET, Build, add_outside_files, build, copy_root

# A browser reads the scheme of a URL after dropping control characters and spaces at its ends and
# tabs and line breaks anywhere (the WHATWG URL standard); written here apart from the code it checks.
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href")


def browser_scheme(url: str) -> str:
    """The scheme a browser would use for ``url`` ("" for a relative URL)."""
    cleaned = url.translate({9: None, 10: None, 13: None}).strip("".join(map(chr, range(33))))
    found = _SCHEME.match(cleaned)
    return found[1].lower() if found else ""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp("unsafe")
    srcdir = copy_root("unsafe", tmp)
    add_outside_files(srcdir)
    return build(srcdir, tmp / "out", fresh=True)


def _soup(site: Build, page: str) -> BeautifulSoup:
    return BeautifulSoup((site.outdir / page).read_bytes(), "html.parser")


def _text(site: Build, page: str) -> str:
    """The words of the page's article, as shown."""
    article = _soup(site, page).select_one("article")
    assert article is not None
    return " ".join(article.get_text().split())


# -- the classes of input, over the whole output -----------------------------------------------------
def test_no_page_links_a_script(site: Build) -> None:
    found = []
    for path in sorted(site.outdir.rglob("*.html")):
        for tag in BeautifulSoup(path.read_bytes(), "html.parser").find_all(True):
            for attribute in URL_ATTRIBUTES:
                value = tag.get(attribute)
                if isinstance(value, str) and browser_scheme(value) not in ("", "http", "https", "mailto"):
                    found.append(f"{path.relative_to(site.outdir)}: <{tag.name} {attribute}={value!r}>")
    # Sphinx's own search page script, not page content.
    assert [f for f in found if "SphinxHighlight" not in f] == []


def test_no_page_runs_markup_from_a_page(site: Build) -> None:
    for page in ("talks/2023/links.html", "talks/2023/raw.html", "series/fm.html", "speakers/eve.html"):
        soup = _soup(site, page)
        scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]  # data, not run
        assert not [s for s in scripts if "alert" in (s.string or "")], page
        assert not soup.select("[onclick], [onerror], meta[http-equiv]"), page


def test_no_output_file_holds_a_file_from_outside_the_sources(site: Build) -> None:
    leaked = [
        p.relative_to(site.outdir) for p in site.outdir.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()
    ]
    assert leaked == []


def test_only_the_photo_of_the_source_folder_is_copied(site: Build) -> None:
    copied = sorted(p.name for p in (site.outdir / "_images").iterdir())
    assert copied == ["grace-hopper.svg"]
    assert not (site.outdir / "_downloads").exists()


# -- what is kept -------------------------------------------------------------------------------------
def test_a_refused_link_keeps_its_text(site: Build) -> None:
    text = _text(site, "talks/2023/links.html")
    for words in (
        "Paper",
        "a split one",
        "A button",
        "a badge",
        "Her paper",
        "A card body.",
        "a download",
        "another badge",
        "A late link",  # made when references are resolved (the root's conf.py)
    ):
        assert words in text, words


def test_safe_links_are_kept(site: Build) -> None:
    article = _soup(site, "talks/2023/links.html").select_one("article")
    assert article is not None
    hrefs = {a.get("href") for a in article.find_all("a")}
    assert {
        "https://example.org/a",
        "mailto:eve%40example.org",
        "https://linkify.example.org/x",
        "../../index.html",
    } <= hrefs
    assert "https://eve.example.org" in hrefs
    assert article.find("img", src="https://images.example.org/ok.png") is not None


def test_html_outside_the_blocks_shows_as_typed(site: Build) -> None:
    text = _text(site, "talks/2023/raw.html")
    assert '<a href="javascript:alert(2)">' in text
    assert '<div onclick="alert(3)">A block of HTML.</div>' in text
    assert "<script>alert(4)</script>" in text
    assert 'HTML in an abstract is text, <b onclick="alert(1)">as documented</b>.' in text


def test_the_speaker_page_shows_the_bio_as_the_talk_page_does(site: Build) -> None:
    """The copy of a bio has the talk page's links: the unsafe one unlinked, the others leading where they lead there."""
    bio = _soup(site, "speakers/eve.html").select_one(".seminar-bio")
    assert bio is not None
    assert "Her paper" in " ".join(bio.get_text().split())
    hrefs = [a["href"] for a in bio.find_all("a") if "seminar-bio-source" not in a.parent.get("class", [])]
    assert hrefs == ["https://eve.example.org", "../talks/2023/files.html"]  # a {talk} role, linked from here
    assert not any(href.lower().lstrip().startswith("javascript") for href in hrefs)


def test_myst_front_matter_on_a_speaker_page_is_not_read(site: Build) -> None:
    """A leading ``---x`` block that MyST would read as its settings (enabling Jinja substitutions) is text."""
    text = _text(site, "speakers/victor.html")
    assert "Leak: {{ leak }} and {{ env.srcdir }}" in text
    assert str(site.outdir.parents[1]) not in text


def test_an_ordinary_page_reads_files_of_the_source_folder(site: Build) -> None:
    text = _text(site, "ordinary.html")
    assert text.count("Text of a file inside the source folder") == 2  # {include} and {literalinclude}


def test_a_photo_of_the_source_folder_is_shown(site: Build) -> None:
    photo = _soup(site, "speakers/grace-hopper.html").select_one("img.seminar-speaker-photo")
    assert photo is not None and photo["src"] == "../_images/grace-hopper.svg"
    assert _soup(site, "speakers/eve.html").select_one("img.seminar-speaker-photo") is None


# -- the check of one link ---------------------------------------------------------------------------
SAFE = [
    "https://example.org/a?b#c",
    "http://example.org",
    "mailto:a@example.org",
    "HTTPS://EXAMPLE.ORG",
    "../page.html",
    "#anchor",
    "page.html",
    "//example.org/protocol-relative",
    "",
    "a/b:c",
]
UNSAFE_SCHEMES = ["javascript", "JaVaScRiPt", "vbscript", "data", "file", "ftp", "tel"]
DISGUISES = ["{}:alert(1)", " {}:alert(1)", "\t{}:alert(1)", "\x01{}:alert(1)", "{}:alert(1) ", "\n{}:alert(1)"]


@pytest.mark.parametrize("url", SAFE)
def test_links_to_the_web_mail_and_the_site_pass(url: str) -> None:
    assert link_problem(url) is None


@pytest.mark.parametrize("disguise", DISGUISES)
@pytest.mark.parametrize("scheme", UNSAFE_SCHEMES)
def test_other_schemes_are_refused_however_written(scheme: str, disguise: str) -> None:
    url = disguise.format(scheme)
    assert browser_scheme(url) == scheme.lower()  # what a browser would run
    assert link_problem(url) is not None


@pytest.mark.parametrize(
    "url", ["java\tscript:alert(1)", "java\nscript:alert(1)", "jav\rascript:x", "java\x00script:x"]
)
def test_a_scheme_split_by_invisible_characters_is_refused(url: str) -> None:
    assert link_problem(url) is not None


def test_sphinx_designs_stylesheet_is_linked_on_a_page_with_its_markup_only(site: Build) -> None:
    """The page with sphinx-design's buttons and cards gets its sheet; a page without them does not."""

    def sheets(page: str) -> set[str]:
        return {
            link["href"].rsplit("/", 1)[-1].split("?")[0] for link in _soup(site, page).select('link[rel="stylesheet"]')
        }

    assert "sphinx-design.min.css" in sheets("talks/2023/links.html")
    assert "sphinx-design.min.css" not in sheets("talks/2023/raw.html")
