"""Filling the placeholders of every document once every talk is known (``doctree-resolved``).

What these nodes show of other pages is fingerprinted, from its inputs, by
:mod:`seminar.incremental.fingerprints`: a renderer that reads new data must add it there too.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.addnodes import start_of_file
from sphinx.application import Sphinx

from ..domain.domain import domain_of
from ..domain.nodes import (
    featured_talk_placeholder,
    is_fragment,
    placeholder,
    series_header_placeholder,
    series_list_placeholder,
    speaker_list_placeholder,
    talk_footer_placeholder,
    talk_header_placeholder,
    talk_list_placeholder,
    talk_video_placeholder,
)
from ..model.pagekinds import PageKind, page_kind
from ..pages.featured import featured_talk
from ..pages.generated import fill_speaker_document
from ..pages.headers import series_header, talk_footer, talk_header
from ..pages.indexes import series_cards, speaker_index
from ..rendering.listing import render_talk_list
from ..rendering.renderer import Renderer
from ..rendering.video import video_slot
from ..site.entries import TalkEntry


def render_placeholder(
    r: Renderer, node: nodes.Element, entry: TalkEntry | None, location: Any = None
) -> list[nodes.Node]:
    """What replaces one placeholder node on the page ``r.docname``."""
    if isinstance(node, talk_header_placeholder):
        return [talk_header(r, entry)] if entry else []
    if isinstance(node, talk_video_placeholder):
        return video_slot(r, entry) if entry else []
    if isinstance(node, talk_footer_placeholder):
        return [talk_footer(r, entry)] if entry else []
    if isinstance(node, series_header_placeholder):
        series = r.site.series_by_id.get(r.docname.rsplit("/", 1)[-1])
        return [series_header(r, series)] if series else []
    if isinstance(node, talk_list_placeholder):
        return render_talk_list(r, node["options"], location)
    if isinstance(node, speaker_list_placeholder):
        return speaker_index(r, r.site.sorted_speakers())
    if isinstance(node, series_list_placeholder):
        return series_cards(r)
    if isinstance(node, featured_talk_placeholder):
        return featured_talk(r, node["options"], location)
    return []


def _by_document(doctree: nodes.document, docname: str) -> list[tuple[str, nodes.Element]]:
    """The placeholders of ``doctree``, each with the document it was read from.

    A builder that assembles documents into one (singlehtml, latex, texinfo, man) resolves them
    together, under its root document's name ``docname``; each inlined document is a
    ``start_of_file`` node (whose children keep their old parent, so the tree is walked down).
    """
    found: list[tuple[str, nodes.Element]] = []
    todo: list[tuple[nodes.Element, str]] = [(doctree, docname)]
    while todo:
        node, own = todo.pop()
        if isinstance(node, start_of_file) and node.get("docname"):
            own = str(node["docname"])
        if isinstance(node, placeholder):
            found.append((own, node))
            continue
        todo.extend((child, own) for child in reversed(node.children) if isinstance(child, nodes.Element))
    return found


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if is_fragment(doctree):
        return  # copied nodes resolved for a page (Renderer.copied): no page of their own
    site = domain_of(app.env).site
    renderers: dict[str, Renderer] = {}
    for own, node in _by_document(doctree, docname):  # each shows its own page, also inlined into another
        r = renderers.setdefault(own, Renderer(site, app.builder, own))
        node.replace_self(render_placeholder(r, node, site.by_docname.get(own), location=node))
    for part in [doctree, *doctree.findall(start_of_file)]:
        name = docname if part is doctree else str(part.get("docname", ""))
        if page_kind(name) is PageKind.SPEAKER:
            fill_speaker_document(renderers.get(name) or Renderer(site, app.builder, name), part)


def setup_placeholders(app: Sphinx) -> None:
    """Fill placeholders when each document is resolved for writing."""
    app.connect("doctree-resolved", _on_doctree_resolved)
