"""No page of the site asks another host for anything before a click.

Every HTML page of the real site is opened in Chromium, served from localhost, and every request
the page makes until it has loaded is recorded (``page.on("request")``; the test tabs abort any
request that is not to the local server, so nothing leaves the machine either way): all must go
to the local server.  A scan of the static HTML of every page, without a browser, then checks that
nothing in it would load from another host at all: no script, stylesheet, font, icon, image,
media or frame with an address on another host, no ``<iframe>``, no CSS ``url()`` or ``@import``
of one, no refresh to another host.  Links (``<a href>``), ``canonical`` and ``alternate`` links and meta tags are not loads.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser_support import BROWSER_MARKS

from sitebuild import Build

# rel values of <link> whose target the browser fetches (or connects to) on its own.
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "prerender"}
LOADING_RELS |= {"icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest"}
# Elements and the attributes through which they load something.
LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),  # SVG
    "use": ("href", "xlink:href"),
}
CSS_URL = re.compile(r"""url\(\s*['"]?\s*((?:https?:)?//[^'")\s]+)|@import\s+['"]((?:https?:)?//[^'"]+)""", re.I)


def html_pages(outdir: Path) -> list[str]:
    """Every HTML file of the output, as a path relative to it."""
    return sorted(path.relative_to(outdir).as_posix() for path in outdir.rglob("*.html"))


def _elsewhere(url: str) -> bool:
    """Whether ``url`` (as written in a page) points at another host: absolute or scheme-relative."""
    url = url.strip()
    return url.startswith("//") or urlsplit(url).scheme in ("http", "https", "ws", "wss", "ftp")


class _Loads(HTMLParser):
    """What an HTML page would load from another host, as ``element attribute=value`` strings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "iframe":
            self.found.append(f"<iframe src={values.get('src', '')!r}>")
        loading_link = tag == "link" and LOADING_RELS & set(values.get("rel", "").lower().split())
        if loading_link and _elsewhere(values.get("href", "")):
            self.found.append(f"<link rel={values['rel']!r} href={values['href']!r}>")
        for name in LOADING_ATTRIBUTES.get(tag, ()):
            for candidate in values.get(name, "").split(","):  # srcset: "url size, url size"
                if candidate.strip() and _elsewhere(candidate.split()[0]):
                    self.found.append(f"<{tag} {name}={values[name]!r}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":  # a navigation without a click
            target = values.get("content", "").partition("=")[2].strip(" '\"")
            if _elsewhere(target):
                self.found.append(f"<meta http-equiv=refresh content={values['content']!r}>")
        self._css(values.get("style", ""), f"<{tag} style>")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css(data, "<style>")

    def _css(self, css: str, where: str) -> None:
        self.found.extend(f"{where} {m[1] or m[2]}" for m in CSS_URL.finditer(css))


def loads_from_elsewhere(html: str) -> list[str]:
    parser = _Loads()
    parser.feed(html)
    parser.close()
    return parser.found


# -- the scanner itself ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        '<script defer src="https://cdn.jsdelivr.net/npm/mathjax@4/tex-mml-chtml.js"></script>',
        '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Inter">',
        '<link rel="preconnect" href="https://fonts.gstatic.com">',
        '<link rel="icon" href="https://example.org/favicon.ico">',
        '<img alt="" src="https://i.ytimg.com/vi/x/hqdefault.jpg">',
        '<img alt="" srcset="a.png 1x, https://example.org/b.png 2x">',
        '<iframe src="../local.html"></iframe>',
        "<style>@import 'https://example.org/a.css';</style>",
        '<div style="background: url(https://example.org/x.png)"></div>',
        '<video poster="HTTPS://example.org/p.jpg"></video>',
        '<meta http-equiv="refresh" content="0; url=https://example.org/">',
    ],
)
def test_the_scan_finds_a_load_from_another_host(html: str) -> None:
    assert loads_from_elsewhere(f"<html><head></head><body>{html}</body></html>")


def test_the_scan_lets_links_and_local_loads_be() -> None:
    html = """<html><head>
      <link rel="canonical" href="https://mlsys.stanford.edu/talks/x.html">
      <link rel="alternate" type="application/atom+xml" href="https://mlsys.stanford.edu/atom.xml">
      <meta property="og:image" content="https://mlsys.stanford.edu/_static/og.png">
      <meta http-equiv="refresh" content="0; url=../courses/cs528.html">
      <link rel="stylesheet" href="_static/site.css"><script src="/_static/seminar.js"></script>
      <style>.a { background: url(data:image/svg+xml;base64,AAAA) }</style></head>
      <body><a href="https://www.youtube.com/watch?v=x">Watch</a><img alt="" src="../_static/logo.svg"></body></html>"""
    assert loads_from_elsewhere(html) == []


# -- the built site ----------------------------------------------------------------------------------------------


def test_no_page_loads_anything_from_another_host(built: Build) -> None:
    pages = html_pages(built.outdir)
    assert len(pages) > 150, pages  # every page of the real site, not a few
    found = {
        page: loads
        for page in pages
        if (loads := loads_from_elsewhere((built.outdir / page).read_text(encoding="utf-8", errors="replace")))
    }
    assert found == {}


@pytest.fixture(scope="module")
def recording_tab(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """One tab that records the URL of every request it makes and aborts those not to the local server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    requests: list[str] = []

    def stop(route: Any) -> None:  # recorded here too: an aborted request may come before its "request" event
        requests.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), stop)
    tab = context.new_page()
    tab.on("request", lambda request: requests.append(request.url))
    yield tab, requests
    context.close()


def browser_test(test: Callable[..., None]) -> Callable[..., None]:
    """``test`` with the browser tests' marks (the scans above need no browser)."""
    for mark in BROWSER_MARKS:
        test = mark(test)
    return test


@browser_test
def test_no_page_requests_another_host_before_a_click(
    built: Build, site: str, recording_tab: tuple[Any, list[str]]
) -> None:
    """Every page, opened and loaded without a click: each request goes to the local server."""
    tab, requests = recording_tab
    local = urlsplit(site).netloc
    pages = html_pages(built.outdir)
    elsewhere: dict[str, list[str]] = {}
    for page in pages:
        requests.clear()
        tab.goto(site + page, wait_until="load")
        assert requests, page  # the recorder sees at least the page itself
        if others := [url for url in requests if urlsplit(url).netloc != local and not url.startswith("data:")]:
            elsewhere[page] = others
    assert elsewhere == {}


@browser_test
def test_the_recorder_sees_a_request_to_another_host(site: str, recording_tab: tuple[Any, list[str]]) -> None:
    """A page that loads a script from a CDN (as the MathJax page did) shows up in the record."""
    tab, requests = recording_tab
    probe = site + "__probe.html"
    body = '<!doctype html><title>p</title><script defer src="https://cdn.jsdelivr.net/npm/x.js"></script>'
    tab.route(probe, lambda route: route.fulfill(body=body, content_type="text/html"))
    requests.clear()
    tab.goto(probe, wait_until="load")
    tab.unroute(probe)
    assert "https://cdn.jsdelivr.net/npm/x.js" in requests
