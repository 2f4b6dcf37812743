"""The talks index (``talks/index``): every talk by year, with filters by topic, series and year.

The page is complete without JavaScript: every talk is listed, and the topics are links to their
pages.  The filters are a form the script ``seminar-filters.js`` shows and drives (it is loaded on
this page only, :mod:`seminar.html.assets`); each talk's line carries what they filter by as
``data-topics`` (space-separated topic ids), ``data-series`` and ``data-year``.  Every text in the
form is escaped here, and the script only ever selects among the options written here, so no
value from a URL reaches the page as markup.
"""

from __future__ import annotations

from html import escape

from docutils import nodes

from ..domain.nodes import data_item
from ..rendering.listing import render_talk_list
from ..rendering.renderer import Renderer, joined, para
from ..site.entries import TalkEntry
from .indexes import series_cards

INDEX_OPTIONS = {"series": "all", "group-by": "year", "style": "compact", "reverse": None}
"""The listing of the talks index: every talk, newest first, by year."""


def _with_data(r: Renderer, node: nodes.Element, entry: TalkEntry) -> nodes.Element:
    """A talk's list line as a :class:`data_item` carrying its topics, series and year."""
    item = data_item("", *node.children, classes=node["classes"])
    item["data"] = {
        "topics": " ".join(r.site.tag_ids[entry.docname]),
        "series": entry.talk.series,
        "year": str(entry.talk.date.year),
    }
    return item


def _select(name: str, label: str, everything: str, options: list[tuple[str, str]]) -> str:
    """One labelled ``<select>``; its first option (the empty value) shows every talk."""
    choices = "".join(f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in options)
    return (
        f'<div class="seminar-filter"><label for="seminar-filter-{name}">{escape(label)}</label>'
        f'<select id="seminar-filter-{name}" name="{name}"><option value="">{escape(everything)}</option>'
        f"{choices}</select></div>"
    )


def filter_form(r: Renderer) -> nodes.raw:
    """The filters, hidden until the script shows them; a topic filter only when some talk has a topic."""
    site = r.site
    fields = []
    topics = [
        (tag_id, f"{site.topic_label(tag_id)} ({len(tag.talks)})") for tag_id, tag in site.tags.items() if tag.talks
    ]
    if topics:  # a topic without talks (a vocabulary may have one) would filter to nothing
        fields.append(_select("topic", "Topic", "All topics", topics))
    series = [(s.id, s.series.title) for s in site.series_sorted() if site.by_series.get(s.id)]
    fields.append(_select("series", "Series", "All series", series))
    years = sorted({t.talk.date.year for t in site.talks}, reverse=True)
    fields.append(_select("year", "Year", "All years", [(str(year), str(year)) for year in years]))
    markup = (
        '<form class="seminar-filters" aria-label="Filter talks" hidden>'
        + "".join(fields)
        + '<button type="reset" class="seminar-filter-reset">Show all talks</button></form>'
        + '<p class="seminar-filter-count" role="status" aria-live="polite" hidden></p>'
    )
    return nodes.raw("", markup, format="html")


def topic_links(r: Renderer) -> list[nodes.Node]:
    """Every topic as a link to its page, with its count (what the topic filter offers, without JavaScript)."""
    links: list[nodes.Node | list[nodes.Node]] = [
        [r.link(r.site.topic_label(tag_id), tag.docname, ["seminar-tag"]), nodes.Text(f" ({len(tag.talks)})")]
        for tag_id, tag in r.site.tags.items()
        if tag.talks
    ]
    if not links:
        return []
    return [para("Topics: ", *joined(links, ", "), classes=["seminar-topic-links"])]


def talk_index(r: Renderer) -> list[nodes.Node]:
    """The series as cards, the topics, the filters and every talk by year."""
    listing = render_talk_list(r, dict(INDEX_OPTIONS), mark=lambda node, entry: _with_data(r, node, entry))
    return [*series_cards(r), *topic_links(r), filter_form(r), *listing]
