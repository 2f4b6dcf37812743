"""Page heads: schema.org JSON-LD parsed from the HTML, OpenGraph and Twitter tags, and the sitemap."""

from __future__ import annotations

import datetime as dt
import json
import runpy
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from sitebuild import Build, build, copy_root

ROOT = Path(__file__).resolve().parents[1]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def head(b: Build, page: str) -> BeautifulSoup:
    return BeautifulSoup((b.outdir / page).read_text(encoding="utf-8"), "html.parser").head


def json_ld(b: Build, page: str) -> list[dict[str, Any]]:
    return [json.loads(s.string) for s in head(b, page).select('script[type="application/ld+json"]')]


def meta(b: Build, page: str) -> dict[str, str]:
    tags = head(b, page).select("meta[property], meta[name]")
    return {tag.get("property") or tag["name"]: tag["content"] for tag in tags}


def sitemap(b: Build) -> list[str]:
    tree = ET.parse(b.outdir / "sitemap.xml")
    return [loc.text or "" for loc in tree.getroot().iter(f"{SITEMAP}loc")]


def talk_pages(b: Build) -> list[str]:
    return sorted(p.relative_to(b.outdir).as_posix() for p in (b.outdir / "talks").glob("*/*.html"))


def test_every_real_talk_page_has_an_event(real: Build) -> None:
    pages = talk_pages(real)
    assert len(pages) == 86
    for page in pages:
        (event,) = json_ld(real, page)
        assert (event["@context"], event["@type"]) == ("https://schema.org", "Event")
        assert event["url"] == f"https://mlsys.stanford.edu/{page}"
        start, end = dt.datetime.fromisoformat(event["startDate"]), dt.datetime.fromisoformat(event["endDate"])
        assert start.utcoffset() is not None and end > start, page
        assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
        assert event["eventStatus"] == "https://schema.org/EventScheduled"
        assert event["location"]["@type"] == "VirtualLocation" and event["location"]["url"].startswith("https://")
        assert event["performer"] and all(p["@type"] == "Person" for p in event["performer"])
        assert event["organizer"] == {
            "@type": "Organization",
            "name": "Stanford MLSys Seminar",
            "url": "https://mlsys.stanford.edu/",
        }
        assert event["description"]


def test_real_event_content(real: Build) -> None:
    (event,) = json_ld(real, "talks/2023/flashattention.html")
    assert event["name"] == "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness"
    assert event["startDate"] == "2023-01-11T15:30:00-08:00"
    assert event["endDate"] == "2023-01-11T16:20:00-08:00"
    assert event["performer"] == [
        {
            "@type": "Person",
            "name": "Tri Dao",
            "url": "https://mlsys.stanford.edu/speakers/tri-dao.html",
            "affiliation": {"@type": "Organization", "name": "Stanford, Adept AI"},
        }
    ]
    assert event["location"]["url"] == "https://www.youtube.com/watch?v=gMOAud7hZg4"  # the livestream
    assert event["description"].startswith("Transformers are slow and memory-hungry")
    assert event["superEvent"]["name"] == "Foundation Models Limited Series"


def test_speaker_pages_have_a_person(real: Build) -> None:
    (person,) = json_ld(real, "speakers/tri-dao.html")
    assert (person["@type"], person["name"]) == ("Person", "Tri Dao")
    assert person["url"] == "https://mlsys.stanford.edu/speakers/tri-dao.html"
    assert {"@type": "Organization", "name": "Stanford, Adept AI"} in person["affiliation"]
    assert any(e["name"].startswith("FlashAttention") for e in person["performerIn"])
    assert json_ld(real, "speakers/index.html") == []


def test_opengraph_and_twitter_tags_on_every_page(real: Build) -> None:
    # The redirects of old URLs (cs528/, about/; tests/test_redirects.py) are not pages.
    pages = sorted(
        p.relative_to(real.outdir).as_posix()
        for p in real.outdir.rglob("*.html")
        if b'http-equiv="refresh"' not in p.read_bytes()
    )
    assert len(pages) > 86
    for page in pages:
        if 'http-equiv="refresh"' in (real.outdir / page).read_text(encoding="utf-8"):
            continue  # an old URL's redirect (cs528/, about/), not a page to share
        tags = meta(real, page)
        for key in ("og:title", "og:type", "og:url", "og:site_name"):
            assert tags.get(key), (page, key)
        assert tags["twitter:card"] == "summary_large_image", page
        # Every page shares the site's image, by absolute URL (a share preview has no page to resolve it against).
        assert tags["og:image"] == "https://mlsys.stanford.edu/_static/og-image.png", page
        assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630"), page
        assert tags["og:image:alt"].startswith("The Stanford MLSys Seminar's logo"), page
    talk = meta(real, "talks/2023/flashattention.html")
    assert talk["og:description"].startswith("Transformers are slow and memory-hungry on long sequences")
    assert talk["description"] == talk["og:description"]
    assert len(talk["og:description"]) <= 200
    assert meta(real, "speakers/tri-dao.html")["og:description"].startswith(
        "Tri Dao (Stanford, Adept AI): 1 talk: FlashAttention"
    )


def test_the_share_image_is_a_1200_by_630_png_in_the_output(real: Build) -> None:
    data = (real.outdir / "_static" / "og-image.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1200, 630)


def test_every_talk_series_and_speaker_page_is_in_the_sitemap(real: Build) -> None:
    urls = sitemap(real)
    assert urls == sorted(urls) and len(urls) == len(set(urls))
    expected = [*talk_pages(real), "series/weekly-2020-2022.html", "speakers/tri-dao.html", "speakers/index.html"]
    for page in expected:
        assert f"https://mlsys.stanford.edu/{page}" in urls, page
    speakers = [p.name for p in (real.outdir / "speakers").glob("*.html")]
    assert sum(u.startswith("https://mlsys.stanford.edu/speakers/") for u in urls) == len(speakers)
    # whole paths: a tag page such as tags/recommendation-search.html belongs in the sitemap
    assert not {"https://mlsys.stanford.edu/" + p for p in ("search.html", "genindex.html", "404.html")} & set(urls)


def test_404_page_is_a_page_with_absolute_links(real: Build) -> None:
    page = BeautifulSoup((real.outdir / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("article h1").get_text(strip=True).startswith("Page not found")
    styles = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert styles and all(href.startswith("/_static/") for href in styles)


def test_json_ld_cannot_break_out_of_its_script(feeds: Build) -> None:
    assert feeds.warnings == ""
    raw = (feeds.outdir / "talks/2023/cancelled.html").read_text(encoding="utf-8")
    scripts = head(feeds, "talks/2023/cancelled.html").select("script")
    assert not any("alert(1)" in (s.string or "") and s.get("type") != "application/ld+json" for s in scripts)
    assert "<script>alert(1)" not in raw
    (event,) = json_ld(feeds, "talks/2023/cancelled.html")
    assert event["name"] == "Breaking </script><script>alert(1)</script> & Co"
    assert event["description"] == "An abstract with </script> and <!-- a comment --> in it."
    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    assert event["performer"][0]["name"] == "Eve <b>Evil</b>"
    assert meta(feeds, "talks/2023/cancelled.html")["og:description"] == event["description"]


def test_event_details(feeds: Build) -> None:
    (monarch,) = json_ld(feeds, "talks/2023/monarch.html")
    assert [p["affiliation"]["name"] for p in monarch["performer"]] == ["Stanford", "Together AI"]
    assert monarch["keywords"] == "efficiency"
    (flash,) = json_ld(feeds, "talks/2023/flash.html")
    assert flash["recordedIn"] == {
        "@type": "VideoObject",
        "name": "FlashAttention: Fast Attention",
        "url": "https://www.youtube.com/watch?v=abc",
    }
    assert flash["location"]["url"] == "https://www.youtube.com/watch?v=abc"  # no livestream: the recording
    (postponed,) = json_ld(feeds, "talks/2024/postponed.html")
    assert (postponed["startDate"], postponed["endDate"]) == ("2024-03-31", "2024-03-31")
    assert postponed["eventStatus"] == "https://schema.org/EventPostponed"
    assert postponed["description"] == "Pat Later"  # no abstract: who
    (person,) = json_ld(feeds, "speakers/tri-dao.html")  # a hand-written speaker page
    assert person["sameAs"] == "https://tridao.example.org"
    assert [o["name"] for o in person["affiliation"]] == ["Together AI", "Stanford"]  # newest first


def test_generated_pages_get_opengraph_tags(feeds: Build) -> None:
    for page in ("tags/attention.html", "tags/index.html", "talks/index.html", "speakers/dan-fu.html", "search.html"):
        tags = meta(feeds, page)
        assert tags["og:url"] == f"https://example.org/en/latest/{page}", page
    assert meta(feeds, "tags/attention.html")["og:title"] == "Talks tagged “attention”"


def test_sitemap_lists_tag_pages_and_is_complete_after_an_incremental_build(tmp_path: Path) -> None:
    src = copy_root("feeds", tmp_path)
    first = build(src, tmp_path / "out", fresh=True)
    urls = sitemap(first)
    for page in ("tags/attention.html", "tags/index.html", "talks/index.html", "series/fm.html", "index.html"):
        assert f"https://example.org/en/latest/{page}" in urls, page
    (src / "talks/2023/monarch.md").write_text(
        (src / "talks/2023/monarch.md").read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8"
    )
    second = build(src, tmp_path / "out")
    assert "talks/2023/flash" not in second.written
    assert sitemap(second) == urls


def test_dirhtml_sitemap(tmp_path: Path) -> None:
    result = build(copy_root("feeds", tmp_path), tmp_path / "out", fresh=True, buildername="dirhtml")
    urls = sitemap(result)
    assert "https://example.org/en/latest/" in urls
    assert "https://example.org/en/latest/talks/2023/flash/" in urls
    assert "https://example.org/en/latest/speakers/dan-fu/" in urls
    (event,) = json_ld(result, "talks/2023/flash/index.html")
    assert event["url"] == "https://example.org/en/latest/talks/2023/flash/"


@pytest.mark.parametrize(
    ("canonical", "base", "prefix"),
    [
        (None, "https://mlsys.stanford.edu/", "/"),
        ("https://mlsys.readthedocs.io/en/latest/", "https://mlsys.readthedocs.io/en/latest/", "/en/latest/"),
    ],
)
def test_base_url_comes_from_read_the_docs_when_it_sets_one(
    monkeypatch: pytest.MonkeyPatch, canonical: str | None, base: str, prefix: str
) -> None:
    if canonical is None:
        monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    else:
        monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", canonical)
    conf = runpy.run_path(str(ROOT / "conf.py"))
    assert (conf["html_baseurl"], conf["ogp_site_url"], conf["notfound_urls_prefix"]) == (base, base, prefix)


def test_every_page_has_one_viewport_tag(real: Build) -> None:
    """furo writes a viewport tag and docutils' writer another; the extension keeps furo's alone."""
    pages = {name: html for name, html in real.html().items() if b'http-equiv="refresh"' not in html}
    assert {"index.html", "404.html", "search.html", "speakers/index.html", "talks/2023/flashattention.html"} <= set(
        pages
    )
    counts = {name: html.count(b'name="viewport"') for name, html in pages.items()}
    assert {name: n for name, n in counts.items() if n != 1} == {}
    assert b'<meta name="viewport" content="width=device-width,initial-scale=1">' in pages["index.html"]
