"""What every renderer shares: the page being written, and small builders of docutils nodes.

Every rendering function takes a :class:`Renderer` (the site, the builder and the page being
written) and returns nodes; text from front matter always goes into ``Text`` nodes, so Markup in a
title or a name is shown as written, never interpreted.  The same functions serve real documents
(at ``doctree-resolved``, :mod:`seminar.html.placeholders`) and generated pages
(:mod:`seminar.html.generated`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin, urlsplit

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.errors import NoUri
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from ..domain.config import in_output, links_of
from ..domain.nodes import as_text, detached, fragment
from ..site.catalog import FILE_BUILDERS
from ..site.indexes import Site
from ..site.urls import Links, file_url, plain


@dataclass
class Renderer:
    """What rendering needs to know: the site, the builder (for URIs) and the page being written."""

    site: Site
    builder: Builder
    docname: str
    ids: set[str] = field(default_factory=set)
    """The ids rendering gave out on this page so far (see :meth:`unique_id`)."""

    def unique_id(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3`` ...: an id no other rendered block of this page has."""
        found, count = base, 1
        while found in self.ids:
            count += 1
            found = f"{base}-{count}"
        self.ids.add(found)
        return found

    def uri(self, target: str, anchor: str = "") -> str | None:
        """A relative link from the page being written to ``target``; ``None`` when the output does not hold it."""
        if not in_output(self.builder, target):
            return None
        try:
            if plain(self.docname) and plain(target):
                uri = self.builder.get_relative_uri(self.docname, target)
            else:
                # Sphinx's relative links cut a page's name at a '#' that the builder left unencoded (the
                # dirhtml builder encodes no name), so such a link is made from both pages' encoded URLs.
                uri = relative_uri(self.links.page(self.docname), self.links.page(target))
        except NoUri:
            return None
        return f"{uri}#{anchor}" if anchor else uri

    def link(self, text: str, target: str, classes: Sequence[str] = ()) -> nodes.Element:
        """An internal link with ``text`` as plain text; only the text when the output does not hold ``target``.

        A single-document output (singlehtml, latex, texinfo) holds no talk page or generated page.
        """
        uri = self.uri(target)
        if uri is None:
            return nodes.inline(text, text, classes=list(classes))
        return nodes.reference(text, text, internal=True, refuri=uri, classes=list(classes))

    def file_link(self, text: str, path: str, classes: Sequence[str] = ()) -> nodes.Element:
        """A link to a file of the output that is not a page (a calendar, a feed).

        Only the html and dirhtml builders write these files; another output links to the
        published file when the site knows its public URL, else shows the text.
        """
        if self.builder.name in FILE_BUILDERS:
            uri = relative_uri(self.links.page(self.docname), file_url(path))
            return nodes.reference(text, text, internal=True, refuri=uri, classes=list(classes))
        public = self.links.absolute(file_url(path))
        if public is None:
            return nodes.inline(text, text, classes=list(classes))
        return nodes.reference(text, text, refuri=public, classes=list(classes))

    def copied(self, items: Sequence[nodes.Node], source: str, prefix: str) -> list[nodes.Node]:
        """Stored body nodes of page ``source`` (a bio) as shown on the page being written.

        Their cross-references (roles, links to other pages) are resolved by Sphinx as on
        ``source``, so each finds the target it finds there, and their links then lead from here.
        Their ids take ``prefix``, so two bios on one page (each with a footnote 1) keep apart, and
        a link to an anchor of ``source`` outside the copy points at ``source``.  Writing
        ``source`` reports a target that does not exist, so this resolution reports nothing.
        """
        copies = detached(list(items))
        if any(isinstance(node, nodes.Element) and next(node.findall(_RESOLVED), None) for node in copies):
            document = fragment(source, copies)
            with logging.suppress_logging():
                self.builder.env.resolve_references(document, source, self.builder)
            copies = list(document.children)
            _rebase(self, copies, source)
        _prefix_ids(self, copies, source, prefix)
        return copies

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


def _RESOLVED(node: nodes.Node) -> bool:  # noqa: N802 - a docutils node condition, as a class would be
    """Nodes that Sphinx's post-transforms turn into what a builder writes: references, footnotes."""
    return isinstance(node, (pending_xref, nodes.footnote, nodes.footnote_reference))


def _rebase(r: Renderer, copies: list[nodes.Node], source: str) -> None:
    """Make the relative links in ``copies``, resolved as on page ``source``, lead from the page being written."""
    try:
        there, here = r.builder.get_target_uri(source), r.builder.get_target_uri(r.docname)
    except NoUri:
        return  # the output does not hold the page: its links were left as text
    if there.startswith(("#", "%")) or here.startswith(("#", "%")):
        return  # not paths: single-document builders name their targets, wherever the link stands
    for node in copies:
        if not isinstance(node, nodes.Element):
            continue
        for ref in node.findall(nodes.reference):
            uri = ref.get("refuri")
            if not ref.get("internal") or not uri or urlsplit(uri).scheme or uri.startswith(("/", "#")):
                continue
            path, hash_, anchor = uri.partition("#")
            target = urljoin(f"{_BASE}{there}", path)[len(_BASE) :]
            ref["refuri"] = relative_uri(here, target) + hash_ + anchor


_BASE = "https://site.invalid/"  # resolves relative paths as a browser does (urljoin resolves http(s) only)


def _prefix_ids(r: Renderer, copies: list[nodes.Node], source: str, prefix: str) -> None:
    """Give every id in ``copies`` the ``prefix``; point references to ids outside them at page ``source``."""
    elements = [n for c in copies if isinstance(c, nodes.Element) for n in c.findall(nodes.Element)]
    own = {i for n in elements for i in n["ids"]}
    for node in elements:
        node["ids"] = [prefix + i for i in node["ids"]]
        if "backrefs" in node:
            node["backrefs"] = [prefix + i for i in node["backrefs"] if i in own]
        refid = node.get("refid")
        if refid is None:
            continue
        uri = r.uri(source, refid) if refid not in own and isinstance(node, nodes.reference) else None
        if refid in own:
            node["refid"] = prefix + refid
        elif uri is not None:
            del node["refid"]
            node["refuri"] = uri
        else:
            as_text(node)
