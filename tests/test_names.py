"""Every URL the site writes is a valid URL, whatever characters a file name holds.

A talk's file name is its URL; one that is not an id (``c#-and-f#.md``, ``what?.md``, ``100%.md``,
``two words.md``, ``café.md``) is a ``bad_value`` warning (``tests/test_warnings.py``), and the site
still builds.  Then every link to it, and to its calendar, must still lead to the file: in the
pages (page links and ``.ics`` links), the calendars (``URL``, ``SOURCE``), the feeds, ``talks.json``
and the sitemap, for the html and the dirhtml builders.  A ``#`` or ``?`` that is not encoded cuts
a link (``c#-and-f#.ics`` is the file ``c`` and the fragment ``-and-f#.ics``), a ``%`` starts an escape.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from sitebuild import Build, build, copy_root

BASE = "https://example.org/en/latest/"  # html_baseurl of tests/roots/test-feeds
NAMES = ["c#-and-f#", "what?", "100%", "two words", "café"]
TALK = """---
title: "Talk {index}"
speakers: [Tri Dao]
date: 2023-05-0{index}
series: fm
---

:::{{abstract}}
Body of talk {index}.
:::
"""
# What may stand unencoded in a URL (RFC 3986): anything else must be percent-encoded.
URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Build:
    tmp = tmp_path_factory.mktemp(f"names-{request.param}")
    srcdir = copy_root("feeds", tmp)
    for index, name in enumerate(NAMES, 1):
        (srcdir / "talks" / "2023" / f"{name}.md").write_text(TALK.format(index=index), encoding="utf-8")
    return build(srcdir, tmp / "out", fresh=True, buildername=request.param)


def _target(site: Build, url: str) -> Path | None:
    """The output file that ``url`` (absolute under the base URL, or relative to the root) names, or ``None``."""
    assert URL_CHARACTERS.fullmatch(url), f"not a valid URL: {url!r}"
    if url.startswith("webcal://"):
        url = "https://" + url.removeprefix("webcal://")
    if "://" in url:
        if not url.startswith(BASE):
            return None  # another site
        url = url.removeprefix(BASE)
    path = site.outdir / unquote(urlsplit(url).path)
    return path / "index.html" if url.endswith("/") or not url else path


def _assert_leads_to_a_file(site: Build, url: str, where: str) -> None:
    target = _target(site, url)
    assert target is None or target.is_file(), f"{where}: {url!r} leads to no file"


def test_the_talks_are_built_and_warned_about(site: Build) -> None:
    for index, name in enumerate(NAMES, 1):
        assert f"talks/2023/{name}.md:1: WARNING: talk file name {name!r} is not an id" in site.warnings
        page = site.outdir / "talks" / "2023" / (f"{name}.html" if site.outdir.name == "html" else f"{name}/index.html")
        assert f"Body of talk {index}." in page.read_text(encoding="utf-8")


def test_links_in_pages_lead_to_their_files(site: Build) -> None:
    checked = 0
    for page in sorted(site.outdir.rglob("*.html")):
        if "_static" in page.parts:
            continue
        page_url = page.relative_to(site.outdir).as_posix()
        soup = BeautifulSoup(page.read_bytes(), "html.parser")
        # Sphinx's dirhtml builder encodes no page name: the canonical link (and sphinxext-opengraph's
        # og:url) of such a page, and the theme's links on it, are off; that is why such names are
        # warned about.  There, only the extension's links are checked.
        dirhtml = site.outdir.name == "dirhtml"
        if dirhtml and any(name in page_url for name in NAMES):
            tags = soup.select(".seminar-talk-header a, .seminar-talk-footer a, link[type='application/atom+xml']")
        else:
            tags = soup.select("a[href], link[href]:not([rel=canonical])" if dirhtml else "a[href], link[href]")
        for tag in tags:
            href = str(tag["href"])
            # The theme's links to page sources are Sphinx's (the site copies no sources), "/" the 404 page's.
            if href.startswith(("#", "/", "mailto:", "javascript:")) or "_sources/" in href:
                continue
            url = urljoin(BASE + quote(page_url), href)  # as a browser resolves it on the published page
            _assert_leads_to_a_file(site, url, page_url)
            checked += 1
    assert checked > 100


def test_calendar_urls_lead_to_their_files(site: Build) -> None:
    for calendar in sorted(site.outdir.rglob("*.ics")):
        unfolded = calendar.read_text(encoding="utf-8").replace("\r\n ", "")
        for url in re.findall(r"^(?:URL|SOURCE)[;:](?:VALUE=URI:)?(\S+)$", unfolded, re.MULTILINE):
            _assert_leads_to_a_file(site, url, calendar.name)


def test_feed_links_lead_to_their_files(site: Build) -> None:
    for feed in [*sorted(site.outdir.rglob("*.atom.xml")), site.outdir / "atom.xml"]:
        for link in ET.parse(feed).getroot().iter("{http://www.w3.org/2005/Atom}link"):
            _assert_leads_to_a_file(site, link.attrib["href"], feed.name)


def test_talks_json_urls_lead_to_their_files(site: Build) -> None:
    data = json.loads((site.outdir / "talks.json").read_text(encoding="utf-8"))
    items = [*data["talks"], *data["speakers"], *data["series"]]
    for item in items:
        for key in ("path", "url", "ics", "atom"):
            if item.get(key):
                _assert_leads_to_a_file(site, item[key], f"talks.json {key}")
    assert {t["ics"] for t in data["talks"]} >= {"talks/2023/c%23-and-f%23.ics", "talks/2023/what%3F.ics"}


def test_sitemap_urls_lead_to_their_files(site: Build) -> None:
    locs = [loc.text or "" for loc in ET.parse(site.outdir / "sitemap.xml").getroot().iter()]
    locs = [loc for loc in locs if loc.startswith(BASE)]
    assert len(locs) > 10
    for loc in locs:
        _assert_leads_to_a_file(site, loc, "sitemap.xml")
