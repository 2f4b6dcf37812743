"""What every renderer shares: the page being written, and small builders of docutils nodes.

Every rendering function takes a :class:`Renderer` (the site, the builder and the page being
written) and returns nodes; text from front matter always goes into ``Text`` nodes, so Markup in a
title or a name is shown as written, never interpreted.  The same functions serve real documents
(at ``doctree-resolved``, :mod:`seminar.html.placeholders`) and generated pages
(:mod:`seminar.html.generated`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from docutils import nodes
from sphinx.builders import Builder
from sphinx.util.osutil import relative_uri

from ..domain.config import links_of
from ..site.indexes import Site
from ..site.urls import Links, file_url, plain


@dataclass
class Renderer:
    """What rendering needs to know: the site, the builder (for URIs) and the page being written."""

    site: Site
    builder: Builder
    docname: str

    def uri(self, target: str, anchor: str = "") -> str:
        """A relative link from the page being written to ``target``."""
        if plain(self.docname) and plain(target):
            uri = self.builder.get_relative_uri(self.docname, target)
        else:
            # Sphinx's relative links cut a page's name at a '#' that the builder left unencoded (the
            # dirhtml builder encodes no name), so such a link is made from both pages' encoded URLs.
            uri = relative_uri(self.links.page(self.docname), self.links.page(target))
        return f"{uri}#{anchor}" if anchor else uri

    def link(self, text: str, target: str, classes: Sequence[str] = ()) -> nodes.reference:
        """An internal link with ``text`` as plain text."""
        return nodes.reference(text, text, internal=True, refuri=self.uri(target), classes=list(classes))

    def file_link(self, text: str, path: str, classes: Sequence[str] = ()) -> nodes.reference:
        """An internal link to a file of the output that is not a page (a calendar, a feed)."""
        uri = relative_uri(self.links.page(self.docname), file_url(path))
        return nodes.reference(text, text, internal=True, refuri=uri, classes=list(classes))

    @cached_property
    def links(self) -> Links:
        """Page paths and public URLs of this build."""
        return links_of(self.builder)


def external(text: str, url: str, classes: Sequence[str] = ()) -> nodes.reference:
    """A link to another site."""
    return nodes.reference(text, text, refuri=url, classes=list(classes))


def para(*children: nodes.Node | str, classes: Sequence[str] = ()) -> nodes.paragraph:
    """A paragraph of nodes and plain strings."""
    node = nodes.paragraph(classes=list(classes))
    for child in children:
        node += nodes.Text(child) if isinstance(child, str) else child
    return node


def joined(items: Sequence[nodes.Node | list[nodes.Node]], last: str = " and ") -> list[nodes.Node]:
    """``a``, ``a and b``, ``a, b and c`` (``last`` joins the last two)."""
    out: list[nodes.Node] = []
    for index, item in enumerate(items):
        if index:
            out.append(nodes.Text(last if index == len(items) - 1 else ", "))
        out.extend(item if isinstance(item, list) else [item])
    return out
