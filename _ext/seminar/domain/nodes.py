"""The extension's doctree nodes: placeholders filled after reading, and HTML elements docutils lacks.

Placeholders (:class:`talk_header_placeholder`, :class:`talk_list_placeholder` ...) are left in the doctree at read time
and replaced at ``doctree-resolved``, once every talk of the site is known.  :class:`time_node`
renders as an HTML ``<time datetime=...>`` element and as plain text in other builders;
:class:`data_item` as a list item with ``data-*`` attributes (what a page's script filters by).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import new_document
from sphinx.writers.html5 import HTML5Translator


class placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Base of nodes replaced at ``doctree-resolved``; never reaches a writer."""


class talk_header_placeholder(placeholder):  # noqa: N801
    """Speakers, date and time, series and links of the talk page it stands in."""


class talk_footer_placeholder(placeholder):  # noqa: N801
    """Previous/next in series, other talks by the speakers, related talks (by topic and text)."""


class series_header_placeholder(placeholder):  # noqa: N801
    """Term, schedule, time zone, partner courses and hosts of the series page it stands in."""


class talk_video_placeholder(placeholder):  # noqa: N801
    """The recording player (after the talk) or the livestream box (before it)."""


class talk_list_placeholder(placeholder):  # noqa: N801
    """A ``{talk-list}``; its options are in ``node["options"]``."""


class speaker_list_placeholder(placeholder):  # noqa: N801
    """A ``{speaker-list}``."""


class series_list_placeholder(placeholder):  # noqa: N801
    """A ``{series-list}``."""


class featured_talk_placeholder(placeholder):  # noqa: N801
    """A ``{featured-talk}``; its options are in ``node["options"]``."""


class time_node(nodes.inline):  # noqa: N801
    """Inline text with a machine-readable ``datetime`` (HTML ``<time>``); other writers see an inline."""


class data_item(nodes.list_item):  # noqa: N801
    """A list item with ``data-*`` attributes (``node["data"]``, name -> text) in HTML; other writers see a list item."""


class disclosure(nodes.container):  # noqa: N801
    """A block that opens in place (HTML ``<details>``, no script); other writers show it open, as a container."""


class disclosure_summary(nodes.paragraph):  # noqa: N801
    """The always-visible line of a :class:`disclosure` (HTML ``<summary>``); other writers see a paragraph."""


class navigation(nodes.container):  # noqa: N801
    """A block of links within the page (HTML ``<nav aria-label>``, from ``node["label"]``); else a container."""


def detached(items: list[nodes.Node]) -> list[nodes.Node]:
    """Copies of ``items`` without their parents, their document or their source text.

    ``deepcopy`` (Sphinx's, and docutils' ``Text.copy``) keeps a reference to the source
    document on every copied node; stored in the domain, that would keep each talk's whole parse
    tree (settings, reporter, every node) alive and pickle it into the environment.  Each
    element's ``rawsource`` repeats its text and is read by no writer, except for literal and
    math blocks (:class:`~docutils.nodes.FixedTextElement`), which keep theirs.

    System messages (a parse error's report, which names the file by its absolute path) are
    left out, and a ``problematic`` node (the markup a message is about) becomes its text: the
    copies are read as text by feeds and exports, where a build's diagnostics have no place.
    """
    copies = []
    for item in items:
        if isinstance(item, nodes.system_message):
            continue
        copy = item.deepcopy() if not isinstance(item, nodes.problematic) else nodes.Text(item.astext())
        if isinstance(copy, nodes.Element):
            _drop_diagnostics(copy)
        for node in list(copy.findall()):
            node._document = None
            if isinstance(node, nodes.Element) and not isinstance(node, nodes.FixedTextElement):
                node.rawsource = ""
                _join_lines(node)
        copies.append(copy)
    return copies


def _drop_diagnostics(element: nodes.Element) -> None:
    """Remove the system messages below ``element`` and turn each ``problematic`` node into its text."""
    for message in list(element.findall(nodes.system_message)):
        if message.parent is not None:
            message.parent.remove(message)
    for problem in list(element.findall(nodes.problematic)):
        as_text(problem)


def as_text(node: nodes.Element) -> None:
    """Replace ``node`` by its text (its ids go: nothing may point at plain text)."""
    node["ids"] = []
    node.replace_self(nodes.Text(node.astext()))


def _join_lines(element: nodes.Element) -> None:
    """Join the text nodes of ``element`` that meet at whitespace into one.

    MyST makes a text node of every source line and another of every line break between them, so
    a stored bio would be some twenty text nodes a paragraph, each unpickled on every rebuild.  Writers output adjacent text nodes one after the other, so joined
    they render the same; joining only where one side is whitespace also leaves the words the
    search index splits them into as they were.  Literal text keeps its nodes.
    """
    if isinstance(element, nodes.literal) or len(element.children) < 2:
        return
    joined: list[nodes.Node] = []
    for child in element.children:
        last = joined[-1] if joined else None
        if (
            isinstance(child, nodes.Text)
            and isinstance(last, nodes.Text)
            and (last[-1:].isspace() or child[:1].isspace())
        ):
            merged = nodes.Text(last + child)
            merged.parent = element
            joined[-1] = merged
        else:
            joined.append(child)
    if len(joined) != len(element.children):
        element.children = joined


FRAGMENT = "seminar_fragment"
"""The attribute that marks a document made only to resolve copied nodes (see :func:`fragment`)."""


def fragment(docname: str, children: list[nodes.Node]) -> nodes.document:
    """A document holding ``children``, to resolve their cross-references as if on page ``docname``.

    Sphinx resolves references document by document; a copy of a bio shown on a speaker page is
    resolved in one of these.  Handlers of ``doctree-resolved`` skip it (:func:`is_fragment`).
    """
    document = new_document(docname)
    document[FRAGMENT] = True
    document.extend(children)
    return document


def is_fragment(doctree: nodes.document) -> bool:
    """Whether ``doctree`` is a :func:`fragment`, not a page."""
    return bool(doctree.get(FRAGMENT))


def _visit_time(self: HTML5Translator, node: time_node) -> None:
    attrs: dict[str, Any] = {"datetime": node["datetime"]}
    if node.get("data_end"):
        attrs["data-end"] = node["data_end"]
    if node.get("data_tz"):
        attrs["data-tz"] = node["data_tz"]
    self.body.append(self.starttag(node, "time", "", **attrs))


def _depart_time(self: HTML5Translator, node: time_node) -> None:
    self.body.append("</time>")


def _visit_data_item(self: HTML5Translator, node: data_item) -> None:
    attrs = {f"data-{name}": value for name, value in sorted(node.get("data", {}).items())}
    self.body.append(self.starttag(node, "li", "", **attrs))  # starttag escapes every value


def _depart_data_item(self: HTML5Translator, node: data_item) -> None:
    self.body.append("</li>\n")


def _visit_disclosure(self: HTML5Translator, node: disclosure) -> None:
    self.body.append(self.starttag(node, "details", ""))


def _depart_disclosure(self: HTML5Translator, node: disclosure) -> None:
    self.body.append("</details>\n")


def _visit_summary(self: HTML5Translator, node: disclosure_summary) -> None:
    self.body.append(self.starttag(node, "summary", ""))


def _depart_summary(self: HTML5Translator, node: disclosure_summary) -> None:
    self.body.append("</summary>\n")


def _visit_navigation(self: HTML5Translator, node: navigation) -> None:
    self.body.append(self.starttag(node, "nav", "", **{"aria-label": node["label"]}))


def _depart_navigation(self: HTML5Translator, node: navigation) -> None:
    self.body.append("</nav>\n")


def setup_nodes(app: Sphinx) -> None:
    """Register the nodes with their writers."""
    app.add_node(time_node, html=(_visit_time, _depart_time))
    app.add_node(data_item, html=(_visit_data_item, _depart_data_item))
    app.add_node(disclosure, html=(_visit_disclosure, _depart_disclosure))
    app.add_node(disclosure_summary, html=(_visit_summary, _depart_summary))
    app.add_node(navigation, html=(_visit_navigation, _depart_navigation))
    for node in (
        talk_header_placeholder,
        talk_footer_placeholder,
        talk_video_placeholder,
        series_header_placeholder,
        talk_list_placeholder,
        speaker_list_placeholder,
        series_list_placeholder,
        featured_talk_placeholder,
    ):
        app.add_node(node)
