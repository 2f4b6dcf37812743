"""Atom feeds parsed with ``feedparser``: well-formed, stable ids, deterministic ``updated``, absolute links."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from sitebuild import Build, build, copy_root, edit

ROOT = Path(__file__).resolve().parents[1]


def parse(b: Build, path: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((b.outdir / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def updated(entry: feedparser.FeedParserDict) -> dt.datetime:
    return dt.datetime.fromisoformat(entry.updated)


def test_real_site_feeds_are_well_formed(real: Build) -> None:
    site = parse(real, "atom.xml")
    assert site.version == "atom10"
    assert len(site.entries) == 86
    ids = [entry.id for entry in site.entries]
    assert len(set(ids)) == 86 and all(i.startswith("urn:uuid:") for i in ids)
    dates = [updated(entry) for entry in site.entries]
    assert dates == sorted(dates, reverse=True)  # newest talk first
    assert updated(site.feed) == dates[0]
    total = 0
    for series_id in ("foundation-models-2023", "systems-for-ml-2023", "weekly-2020-2022"):
        series = parse(real, f"series/{series_id}.atom.xml")
        assert series.feed.link == f"https://mlsys.stanford.edu/series/{series_id}.html"
        assert {e.id for e in series.entries} <= set(ids)  # the same talk has the same id in every feed
        total += len(series.entries)
    assert total == 86


def test_real_site_entry(real: Build) -> None:
    entries = {entry.title: entry for entry in parse(real, "atom.xml").entries}
    flash = entries["FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness"]
    assert flash.link == "https://mlsys.stanford.edu/talks/2023/flashattention.html"
    assert flash.summary.startswith("Transformers are slow and memory-hungry")
    assert [a.name for a in flash.authors] == ["Tri Dao"]
    assert flash.authors[0].href == "https://mlsys.stanford.edu/speakers/tri-dao.html"
    assert updated(flash) == dt.datetime(2023, 1, 11, 23, 30, tzinfo=dt.UTC)  # the talk's start


def test_entries_summary_authors_categories_and_links(feeds: Build) -> None:
    parsed = parse(feeds, "atom.xml")
    feed = parsed.feed
    assert feed.title == "Test Seminar"
    assert feed.id.startswith("urn:uuid:")
    links = {link.rel: link.href for link in feed.links}
    assert links == {
        "self": "https://example.org/en/latest/atom.xml",
        "alternate": "https://example.org/en/latest/index.html",
    }
    entries = {entry.title: entry for entry in parsed.entries}
    assert list(entries) == [
        "Postponed: A Postponed Day",
        "Monarch Mixer",
        "Cancelled: Breaking </script><script>alert(1)</script> & Co",
        "FlashAttention: Fast Attention",
    ]
    monarch = entries["Monarch Mixer"]
    assert monarch.summary == "Sub-quadratic in both axes."
    assert [a.name for a in monarch.authors] == ["Dan Fu", "Tri Dao"]
    assert [t.term for t in monarch.tags] == ["efficiency"]
    assert monarch.link == "https://example.org/en/latest/talks/2023/monarch.html"
    assert entries["Cancelled: Breaking </script><script>alert(1)</script> & Co"].id == (
        "urn:uuid:3f0c1c9e-0000-4000-8000-000000000001"
    )
    flash = entries["FlashAttention: Fast Attention"]
    assert [link.href for link in flash.links] == ["https://example.org/en/latest/talks/2023/flash.html"]
    postponed = entries["Postponed: A Postponed Day"]
    assert postponed.summary == "Pat Later, Sunday, March 31, 2024."  # no abstract: who and when
    assert updated(postponed) == dt.datetime(2024, 3, 30, 23, 0, tzinfo=dt.UTC)  # midnight in Berlin


def test_series_feed(feeds: Build) -> None:
    parsed = parse(feeds, "series/fm.atom.xml")
    assert parsed.feed.title == "Foundation Models"
    assert parsed.feed.subtitle == "Talks of the Foundation Models (Winter 2023)"
    assert len(parsed.entries) == 3
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links["self"] == "https://example.org/en/latest/series/fm.atom.xml"
    assert links["alternate"] == "https://example.org/en/latest/series/fm.html"


def test_page_heads_link_the_feeds(feeds: Build) -> None:
    def alternates(page: str) -> dict[str, str]:
        soup = BeautifulSoup((feeds.outdir / page).read_text(encoding="utf-8"), "html.parser")
        found = soup.select('head link[rel="alternate"][type="application/atom+xml"]')
        return {link["title"]: link["href"] for link in found}

    site = {"Test Seminar: all talks": "https://example.org/en/latest/atom.xml"}
    series = {"Foundation Models": "https://example.org/en/latest/series/fm.atom.xml"}
    assert alternates("index.html") == site
    assert alternates("speakers/dan-fu.html") == site
    assert alternates("series/fm.html") == site | series
    assert alternates("talks/2023/flash.html") == site | series


def test_entry_ids_survive_edits_and_updated_follows_the_talk(tmp_path: Path) -> None:
    src = copy_root("feeds", tmp_path)
    before = {e.link: e for e in parse(build(src, tmp_path / "one", fresh=True), "atom.xml").entries}
    edit(src / "talks/2023/flash.md", "FlashAttention: Fast Attention", "FlashAttention 2")
    edit(src / "talks/2023/flash.md", "date: 2023-01-11", "date: 2023-01-18")
    after = {e.link: e for e in parse(build(src, tmp_path / "two"), "atom.xml").entries}
    link = "https://example.org/en/latest/talks/2023/flash.html"
    assert after[link].id == before[link].id
    assert after[link].title == "FlashAttention 2"
    assert updated(after[link]) - updated(before[link]) == dt.timedelta(days=7)


def test_dirhtml_links(tmp_path: Path) -> None:
    result = build(copy_root("feeds", tmp_path), tmp_path / "out", fresh=True, buildername="dirhtml")
    entries = {e.title: e for e in parse(result, "series/fm.atom.xml").entries}
    assert entries["Monarch Mixer"].link == "https://example.org/en/latest/talks/2023/monarch/"


def test_without_a_base_url_links_are_relative_to_the_feed(tmp_path: Path) -> None:
    src = copy_root("feeds", tmp_path)
    edit(src / "conf.py", 'html_baseurl = "https://example.org/en/latest/"', 'html_baseurl = ""')
    edit(src / "conf.py", '"sphinx_sitemap", ', "")
    result = build(src, tmp_path / "out", fresh=True)
    assert result.warnings == ""
    raw = (result.outdir / "series/fm.atom.xml").read_text(encoding="utf-8")
    assert 'href="../talks/2023/monarch.html"' in raw
    assert (result.outdir / "series/../talks/2023/monarch.html").is_file()
    parsed = parse(result, "atom.xml")
    assert {e.title: e for e in parsed.entries}["Monarch Mixer"].id.startswith("urn:uuid:")
