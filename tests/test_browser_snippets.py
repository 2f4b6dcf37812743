"""Search result snippets in Chromium: from the abstract, the bio or the page's own text, not the header.

Sphinx's search page fetches each result page and shows a stretch of its main text around the
search word; ``seminar-search.js`` (linked from the search page only) makes that text the talk's
abstract, the speaker's bio, or a series' description (``seminar.html.search``).
"""

from __future__ import annotations

from typing import Any

from browser_support import BROWSER_MARKS, SCREENSHOTS

pytestmark = BROWSER_MARKS

MATH_TALK = "talks/2021/efficiently-modeling-long-sequences-structured.html"


def snippet(page: Any, site: str, query: str, target: str) -> str:
    """The snippet that the search for ``query`` shows under its result ``target`` (a page, without the site)."""
    page.goto(site + "search.html?q=" + query.replace(" ", "+"))
    context = page.locator(f'#search-results li:has(> a[href^="{target}"]) > p.context').first
    context.wait_for(timeout=15000)
    text: str = context.text_content()
    return text


def test_a_talks_snippet_is_its_abstract(site: str, page: Any) -> None:
    shown = snippet(page, site, "HiPPO", MATH_TALK)
    assert "HiPPO theory of continuous-time memorization" in shown
    assert shown.startswith("...") or shown.startswith("A central goal of sequence modeling"), shown
    for header in ("Albert Gu", "Thursday", "Series:", "Watch the recording", "Abstract"):
        assert header not in shown, (header, shown)
    page.screenshot(path=str(SCREENSHOTS / "search-snippets.png"), full_page=False)


def test_a_search_for_a_title_word_still_shows_the_abstract(site: str, page: Any) -> None:
    """The word is in the header (the title) too: the snippet is taken from the abstract all the same."""
    shown = snippet(page, site, "FlashAttention", "talks/2023/flashattention.html")
    page.screenshot(path=str(SCREENSHOTS / "search-snippets-title-word.png"))
    page.goto(site + "talks/2023/flashattention.html")
    abstract = " ".join(page.locator(".seminar-abstract > p:not(.rubric)").all_text_contents())
    core = shown.removeprefix("...").removesuffix("...").strip()
    assert len(core) > 100 and " ".join(core.split()) in " ".join(abstract.split()), (core, abstract)


def test_a_speakers_snippet_is_the_bio(site: str, page: Any) -> None:
    shown = snippet(page, site, "Albert Gu", "speakers/albert-gu.html")
    assert "PhD student in the Stanford CS department" in shown
    assert "Talks (1)" not in shown and "From Efficiently" not in shown


def test_a_series_snippet_is_its_description(site: str, page: Any) -> None:
    shown = snippet(page, site, "livestreamed", "series/weekly-2020-2022.html")
    assert "From October 2020 to May 2022 the MLSys Seminar met every week and livestreamed each talk" in shown
    for header in ("Term:", "Hosts:", "Atom feed", "Download .ics", "Subscribe"):
        assert header not in shown, (header, shown)


def test_the_snippet_script_is_on_the_search_page_only(site: str, page: Any) -> None:
    loads = "() => [...document.scripts].some(s => s.src.includes('seminar-search'))"
    page.goto(site + "index.html")
    assert page.evaluate(loads) is False
    page.goto(site + "search.html")
    assert page.evaluate(loads) is True
