"""Filling the placeholders once every talk is known (``doctree-resolved``).

What these nodes show of other pages is fingerprinted, from its inputs, by
:mod:`seminar.fingerprints`: a renderer that reads new data must add it there too.
"""

from __future__ import annotations

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
