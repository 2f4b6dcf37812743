"""What talk, series and speaker pages may show: links to the web and mail, text, no files of the machine.

A pull request that touches only those pages must be safe to merge once they are read
(CONTRIBUTING.md).  Front-matter URLs are checked by the model (``bad_url``); this module checks
the page bodies, whatever markup made the nodes (Markdown, reST in ``{eval-rst}``, sphinx-design's
buttons, cards and badges, docutils' named links), once parsing and the transforms that make
links are done:

- a link whose scheme is not http, https or mailto (``javascript:``, ``data:``, ``vbscript:``,
  ``file:``, in any case, with white space or control characters) loses its target and keeps
  its text (``seminar.bad_url``); relative links and ``#anchors`` stay;
- raw markup (inline HTML, ``{raw}``, reST's ``raw``) is shown as text and ``meta`` tags are
  dropped (``seminar.raw_html``); in ``{abstract}`` and ``{bio}`` HTML is text already, as documented;
- an image or a download may not come from the machine (``seminar.file_access``): on these pages
  not at all (the speaker's ``photo:`` is the one local image, checked when it is placed), on
  every other page not from outside the sources (:func:`seminar.domain.files.outside_sources`).

A post-transform repeats the link check on the links that are made only when references are
resolved, so none reaches a writer.
"""

from __future__ import annotations

import re
from glob import glob
from typing import Any

from docutils import nodes
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..model.pagekinds import page_kind
from ..model.subtypes import Subtype
from .files import NOT_A_SOURCE, contributed, outside_sources
from .report import warn

SAFE_SCHEMES = ("http", "https", "mailto")
"""The schemes a link on a talk, series or speaker page may have (relative links have none)."""

PHOTO = "seminar_photo"
"""``env.temp_data`` key: the image node of a speaker page's ``photo:`` (checked where it is placed)."""

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_EDGES = "".join(chr(code) for code in range(0x21))  # the C0 controls and the space


def link_problem(uri: str) -> str | None:
    """Why ``uri`` may not be the target of a link on a talk, series or speaker page; ``None`` if it may.

    A browser drops control characters and spaces from both ends of a URL and tabs and line breaks
    anywhere in it before it reads the scheme (``" java\\tscript:"`` is ``javascript:``), so the
    scheme is read the same way here.
    """
    if _CONTROL.search(_as_read(uri)):
        return f"link {uri!r} holds control characters; only plain http(s) and mailto links are allowed"
    scheme = scheme_of(uri)
    if scheme and scheme not in SAFE_SCHEMES:
        return f"{scheme}: link {uri!r} is not allowed; only http(s) and mailto links are"
    return None


def _as_read(uri: str) -> str:
    return re.sub(r"[\t\n\r]", "", uri).strip(_EDGES)


def scheme_of(uri: str) -> str:
    """The scheme of ``uri`` as a browser reads it, in lower case; ``""`` for a relative URL."""
    found = _SCHEME.match(_as_read(uri))
    return found[1].lower() if found else ""


def raw_as_text(raw: nodes.raw, *, block: bool) -> nodes.Element:
    """The source of ``raw`` as plain text: a paragraph (``block``) or an inline element."""
    text = raw.astext().strip("\n") if block else raw.astext()
    # As typed: Sphinx's smart quotes would turn the markup's "..." into curly quotes.
    element = nodes.paragraph(text, text) if block else nodes.inline(text, text)
    element["support_smartquotes"] = False
    element.source, element.line = raw.source, raw.line
    return element


def _where(docname: str, node: nodes.Element) -> tuple[str, int | None]:
    """The page and the line of ``node``: its own, else that of an element around it, else the next one's.

    Some nodes come without a line and inside elements without one (sphinx-design's card
    images, docutils' meta tags): the next node of the page that has one stood right after it.
    """
    line = get_source_line(node)[1]
    if not line:  # None, or sphinx-design's 0
        following = node.findall(nodes.Element, include_self=False, siblings=True, ascend=True)
        line = next((found.line for found in following if found.line), None)
    return docname, line


def _unlink(node: nodes.Element) -> None:
    """Replace the link ``node`` by its content: the text stays where it was, with the link's classes."""
    node.replace_self(nodes.inline("", "", *node.children, classes=node["classes"], ids=node["ids"]))


def _drop_image(node: nodes.Element) -> None:
    """Replace the image ``node`` by its alternative text, if it has one."""
    alt = str(node.get("alt", ""))
    if not alt:
        node.parent.remove(node)
    elif isinstance(node.parent, nodes.TextElement):
        node.replace_self(nodes.inline(alt, alt))
    else:
        node.replace_self(nodes.paragraph(alt, alt))


def _outside(env: Any, target: str, docname: str) -> bool:
    """A local image or download ``target`` of ``docname`` is, or (a glob) matches, a file outside the sources."""
    path = env.relfn2path(target, docname)[1]
    return outside_sources(env, path) or any(outside_sources(env, found) for found in glob(path))


class ContributedPageTransform(SphinxTransform):
    """Unsafe links unlinked, raw markup as text, no files of the machine (see the module's docstring).

    Priority 745: after docutils gives named links their targets (640) and after sphinx-design's
    (699) and MyST's (700) transforms; before smart quotes (750), so that the copies of the
    abstract and bios kept after it keep the quotes as typed, as they always have
    (:class:`seminar.domain.directives.KeepBodiesTransform`), and before ``doctree-read`` (880),
    where Sphinx collects the images and downloads that it copies into the output.
    """

    default_priority = 745

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.docname
        mine = contributed(docname)
        photo = self.env.temp_data.get(PHOTO)
        raw_lines: set[int | None] = set()  # one warning for the HTML of one line (<a ...>text</a> is two nodes)
        for node in list(self.document.findall(nodes.Element)):
            if isinstance(node, addnodes.download_reference):
                self._download(docname, node, mine)
            elif isinstance(node, nodes.image) and node is not photo:
                self._image(docname, node, mine)
            elif not mine:
                continue
            elif isinstance(node, nodes.reference) and "refuri" in node:
                self._link(docname, node)
            elif isinstance(node, nodes.raw):
                where = _where(docname, node)
                if where[1] not in raw_lines:
                    raw_lines.add(where[1])
                    kind = page_kind(docname).value
                    warn(Subtype.RAW_HTML, f"HTML is shown as text on a {kind} page; use Markdown", where)
                node.replace_self(raw_as_text(node, block=not isinstance(node.parent, nodes.TextElement)))
            elif isinstance(node, nodes.meta):
                kind = page_kind(docname).value
                warn(Subtype.RAW_HTML, f"a {kind} page may not set meta tags; it is left out", _where(docname, node))
                node.parent.remove(node)

    def _link(self, docname: str, node: nodes.Element) -> None:
        problem = link_problem(str(node["refuri"]))
        if problem is not None:
            warn(Subtype.BAD_URL, f"{problem} (the text is kept)", _where(docname, node))
            _unlink(node)

    def _download(self, docname: str, node: nodes.Element, mine: bool) -> None:
        target = str(node.get("reftarget", ""))
        if "://" in target:  # Sphinx links to it rather than copying it
            if mine and (problem := link_problem(target)) is not None:
                warn(Subtype.BAD_URL, f"{problem} (the text is kept)", _where(docname, node))
                _unlink(node)
            return
        if mine:
            message = f"download {target!r}: a {page_kind(docname).value} page may not offer files; link to them"
        elif _outside(self.env, target, docname):
            message = f"download {target!r} {NOT_A_SOURCE}"
        else:
            return
        warn(Subtype.FILE_ACCESS, message, _where(docname, node))
        _unlink(node)

    def _image(self, docname: str, node: nodes.Element, mine: bool) -> None:
        uri = str(node.get("uri", ""))
        scheme = scheme_of(uri)
        if mine and scheme:
            if scheme in ("http", "https"):
                return
            subtype = Subtype.BAD_URL
            message = f"image {uri!r}: only http(s) images are allowed"
        elif "://" in uri or uri.startswith("data:"):
            return  # what Sphinx takes for a remote image: it reads no file for it
        elif mine:
            subtype = Subtype.FILE_ACCESS
            message = (
                f"image {uri!r}: a {page_kind(docname).value} page shows no local images "
                "(a speaker's photo is the 'photo:' key); use an http(s) URL"
            )
        elif _outside(self.env, uri, docname):
            subtype = Subtype.FILE_ACCESS
            message = f"image {uri!r} {NOT_A_SOURCE}"
        else:
            return
        warn(subtype, message, _where(docname, node))
        _drop_image(node)


class ContributedLinksPostTransform(SphinxPostTransform):
    """The link check again, after references are resolved (priority 20: after every resolver, 9 to 12)."""

    default_priority = 20

    def run(self, **kwargs: Any) -> None:
        docname = self.env.docname
        if not contributed(docname):
            return
        for node in list(self.document.findall(nodes.reference)):
            if "refuri" in node and (problem := link_problem(str(node["refuri"]))) is not None:
                warn(Subtype.BAD_URL, f"{problem} (the text is kept)", _where(docname, node))
                _unlink(node)


def setup_safety(app: Sphinx) -> None:
    """Check what talk, series and speaker pages show."""
    app.add_transform(ContributedPageTransform)
    app.add_post_transform(ContributedLinksPostTransform)


def safe_copy(copy: nodes.Node) -> None:
    """Unlink the links of a stored copy of a page's body that the page itself may not show.

    The copies of an abstract or a bio (shown on speaker pages, in feeds and exports) are taken
    while the page is parsed, before :class:`ContributedPageTransform` checks the page, which
    warned about each of these links already: here they only lose their target.  A named link
    whose target the copy does not hold (docutils resolves those in the page) keeps its text.
    """
    if not isinstance(copy, nodes.Element):
        return
    for node in list(copy.findall(nodes.reference)):
        uri = node.get("refuri")
        unsafe = uri is not None and link_problem(uri) is not None
        unresolved = uri is None and not node.get("refid") and bool(node.get("refname"))
        if unsafe or unresolved:
            _unlink(node)
    for image in list(copy.findall(nodes.image)):
        if scheme_of(str(image.get("uri", ""))) not in ("http", "https"):
            image.parent.remove(image)  # the page drops its local images too (no file of the machine is shown)
