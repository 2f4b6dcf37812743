"""Filling the placeholders once every talk is known (``doctree-resolved``).

:func:`dynamic_nodes` renders what a document shows of other pages; it serves both the real
write and :mod:`seminar.incremental`, which fingerprints the same nodes to decide which pages an
edit affects, so the two can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .domain import TalkEntry
from .listings import render_talk_list
from .nodes import (
    placeholder,
    series_header,
    series_list,
    speaker_list,
    talk_footer,
    talk_header,
    talk_list,
    talk_video,
)
from .pagekinds import PageKind, page_kind
from .render import Renderer, series_cards, speaker_index
from .render import series_header as render_series_header
from .render import talk_footer as render_footer
from .render import talk_header as render_header
from .site import site_of
from .video import video_slot


def render_placeholder(
    r: Renderer, node: nodes.Element, entry: TalkEntry | None, location: Any = None
) -> list[nodes.Node]:
    """What replaces one placeholder node on the page ``r.docname``."""
    if isinstance(node, talk_header):
        return [render_header(r, entry)] if entry else []
    if isinstance(node, talk_video):
        return video_slot(r, entry) if entry else []
    if isinstance(node, talk_footer):
        return [render_footer(r, entry)] if entry else []
    if isinstance(node, series_header):
        series = r.site.series_by_id.get(r.docname.rsplit("/", 1)[-1])
        return [render_series_header(r, series)] if series else []
    if isinstance(node, talk_list):
        return render_talk_list(r, node["options"], location)
    if isinstance(node, speaker_list):
        return speaker_index(r, r.site.sorted_speakers())
    if isinstance(node, series_list):
        return series_cards(r)
    return []


def dynamic_nodes(
    r: Renderer, listings: list[tuple[str, dict[str, Any]]], xrefs: list[tuple[str, str]]
) -> Iterator[nodes.Node | tuple[str, str] | None]:
    """Everything page ``r.docname`` shows of other pages, in page order (for fingerprints)."""
    from .pages import speaker_body
    from .roles import lookup

    for typ, target in xrefs:
        yield lookup(r.site.domain, typ, target)
    entry = r.site.by_docname.get(r.docname)
    if entry is not None:
        yield from render_placeholder(r, talk_header(), entry)
        yield from render_placeholder(r, talk_video(), entry)
        yield from render_placeholder(r, talk_footer(), entry)
    if page_kind(r.docname) is PageKind.SERIES:
        yield from render_placeholder(r, series_header(), None)
    for name, options in listings:
        node = {"talk-list": talk_list, "speaker-list": speaker_list, "series-list": series_list}[name]()
        node["options"] = options
        yield from render_placeholder(r, node, entry)
    if page_kind(r.docname) is PageKind.SPEAKER:
        info = r.site.speakers.get(r.docname.rsplit("/", 1)[-1])
        if info is not None:
            yield from speaker_body(r, info)


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    site = site_of(app.env)
    r = Renderer(site, app.builder, docname)
    entry = site.by_docname.get(docname)
    for node in list(doctree.findall(placeholder)):
        node.replace_self(render_placeholder(r, node, entry, location=node))
    if page_kind(docname) is PageKind.SPEAKER:
        from .pages import fill_speaker_document

        fill_speaker_document(r, doctree)


def setup_resolve(app: Sphinx) -> None:
    """Fill placeholders when each document is resolved for writing."""
    app.connect("doctree-resolved", _on_doctree_resolved)
