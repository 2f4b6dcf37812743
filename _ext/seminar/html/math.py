"""Math as MathML made at build time: no script, no font and no request to another host.

Sphinx's HTML builder shows math with MathJax, a script it loads from a CDN on every page that has
a formula.  This module is the site's HTML math renderer instead (``html_math_renderer =
"seminar_mathml"``, the default when a site sets none): each ``$...$``, ``$$...$$`` and ``{math}``
is converted with latex2mathml while the page is written, and browsers draw the MathML
themselves (MathML Core).

latex2mathml's own serialization is not used: it puts the text of ``\\text{...}`` into the markup
as typed (``\\text{<b onclick=x>}`` would be an element), and it passes ``\\href``, ``\\style`` and
``\\class`` through as attributes.  The element tree it builds is written out here instead, with
MathML presentation elements only, a short list of presentation attributes whose values are plain
words, numbers or colours, and every text escaped (:func:`to_mathml`).

A formula that cannot be converted (a command latex2mathml does not know, an environment it
cannot parse, a formula longer than :data:`MAX_SOURCE` characters) is shown as its TeX source
in ``<code>``, and the page where it is written gets a located ``seminar.bad_math`` warning when
it is read.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any
from xml.etree.ElementTree import Element

from docutils import nodes
from latex2mathml.converter import convert_to_element
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import _
from sphinx.transforms import SphinxTransform
from sphinx.util.math import get_node_equation_number
from sphinx.writers.html5 import HTML5Translator

from ..domain.report import warn
from ..model.subtypes import Subtype

RENDERER = "seminar_mathml"
"""The name of the math renderer, the value of ``html_math_renderer``."""

MAX_SOURCE = 4000
"""The longest formula, in characters, that is converted (longer ones are shown as TeX)."""

_NAMESPACE = "http://www.w3.org/1998/Math/MathML"

ELEMENTS = frozenset(
    {"math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup", "munder", "mover",
     "munderover", "mfrac", "msqrt", "mroot", "mstyle", "mpadded", "mphantom", "menclose", "mtable", "mtr", "mtd",
     "mmultiscripts", "mprescripts", "none"}
)  # fmt: skip
"""The MathML presentation elements a formula may hold."""

ATTRIBUTES = frozenset(
    {"display", "mathvariant", "stretchy", "fence", "separator", "form", "lspace", "rspace", "largeop",
     "movablelimits", "accent", "accentunder", "linethickness", "width", "height", "depth", "voffset", "columnalign",
     "rowalign", "columnspacing", "rowspacing", "columnlines", "rowlines", "displaystyle", "scriptlevel", "minsize",
     "maxsize", "symmetric", "notation", "mathsize", "mathcolor", "mathbackground"}
)  # fmt: skip
"""The presentation attributes kept; every other (``href``, ``style``, ``class``, ``id``, ``on...``) is dropped."""

_VALUE = re.compile(r"[A-Za-z0-9#.%+\- ]{0,64}")  # words, lengths, colours: no ":", "(", quotes or markup
_CHARACTER_REFERENCE = re.compile(r"&#(x[0-9A-Fa-f]+|[0-9]+);")  # latex2mathml writes symbols so, in the text
_UNKNOWN_COMMAND = re.compile(r"\\[A-Za-z]+")  # latex2mathml shows a command it does not know as its name


class UnconvertibleMathError(ValueError):
    """A formula that cannot be shown as MathML; the message says why."""


def to_mathml(latex: str, *, block: bool) -> str:
    """The MathML ``<math>`` element of the TeX formula ``latex``, as safe HTML.

    Raises :class:`UnconvertibleMathError` when latex2mathml cannot convert it, when it names a command
    latex2mathml does not know, or when it is longer than :data:`MAX_SOURCE` characters.
    """
    converted = _converted(latex, block)
    if converted.startswith("<"):
        return converted
    raise UnconvertibleMathError(converted)


@functools.lru_cache(maxsize=4096)  # a formula of an abstract is written on its talk page and on listings
def _converted(latex: str, block: bool) -> str:
    """The MathML of ``latex``, or (not starting with ``<``) why there is none."""
    if len(latex) > MAX_SOURCE:
        return f"the formula is {len(latex)} characters long; at most {MAX_SOURCE} are converted"
    try:
        tree = convert_to_element(latex, display="block" if block else "inline")
    except RecursionError:
        return "the formula is nested too deeply"
    except Exception as error:  # latex2mathml raises many kinds of errors on malformed TeX
        reason = str(error) or type(error).__name__
        return f"latex2mathml cannot convert it ({reason})"
    try:
        return "".join(_serialized(tree))
    except UnconvertibleMathError as error:
        return str(error)


def _serialized(element: Element) -> list[str]:
    """``element`` and its descendants as HTML, with only the allowed elements and attributes."""
    out: list[str] = []
    stack: list[tuple[Element, bool]] = [(element, False)]
    while stack:  # iterative: a deeply nested formula must not exhaust Python's recursion limit
        node, closing = stack.pop()
        if closing:
            out.append(f"</{node.tag}>")
            if node.tail and node is not element:  # the formula's own tail is not part of it
                out.append(_text(node.tail))
            continue
        tag = str(node.tag)
        if tag not in ELEMENTS:
            raise UnconvertibleMathError(f"latex2mathml made an element <{tag}> that is not shown")
        if tag in ("mi", "mo") and node.text and _UNKNOWN_COMMAND.fullmatch(node.text.strip()):
            raise UnconvertibleMathError(f"unknown command {node.text.strip()}")
        out.append(f"<{tag}{_attributes(node)}>")
        if node.text:
            out.append(_text(node.text))
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node)))
    return out


def _attributes(node: Element) -> str:
    kept = [
        f' {name}="{html.escape(value)}"'
        for name, value in sorted(node.attrib.items())
        if name in ATTRIBUTES and _VALUE.fullmatch(value)
    ]
    if node.tag == "math":
        kept.insert(0, f' xmlns="{_NAMESPACE}"')
    return "".join(kept)


def _text(text: str) -> str:
    """Text of the tree, escaped; the character references latex2mathml wrote as text are characters."""
    decoded = _CHARACTER_REFERENCE.sub(_character, text)
    return html.escape(decoded, quote=False)


def _character(found: re.Match[str]) -> str:
    number = found[1]
    code = int(number[1:], 16) if number.startswith("x") else int(number)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def _display_parts(node: nodes.math_block) -> list[str]:
    """The formulas of a display block: paragraphs are formulas; ``\\\\`` breaks lines as in Sphinx's MathJax."""
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    return [rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part for part in parts]


def _source(translator: HTML5Translator, latex: str, *, block: bool) -> str:
    code = f'<code class="seminar-math-source">{translator.encode(latex)}</code>'
    return f'<pre class="seminar-math-source">{code}</pre>' if block else code


def visit_math(translator: HTML5Translator, node: nodes.math) -> None:
    """Write an inline formula as MathML (its TeX in ``<code>`` when it cannot be converted)."""
    latex = node.astext()
    try:
        shown = to_mathml(latex, block=False)
    except UnconvertibleMathError:
        shown = _source(translator, latex, block=False)
    translator.body.append(translator.starttag(node, "span", "", CLASS="math notranslate") + shown + "</span>")
    raise nodes.SkipNode


def visit_displaymath(translator: HTML5Translator, node: nodes.math_block) -> None:
    """Write a display formula as MathML, with its equation number and permalink as Sphinx's renderers do."""
    translator.body.append(translator.starttag(node, "div", CLASS="math notranslate"))
    if node["number"]:
        number = get_node_equation_number(translator, node)
        translator.body.append(f'<span class="eqno">({number})')
        translator.add_permalink_ref(node, _("Link to this equation"))
        translator.body.append("</span>")
    nowrap = node.get("no-wrap", node.get("nowrap", False))
    for latex in [node.astext()] if nowrap else _display_parts(node):
        try:
            translator.body.append(to_mathml(latex, block=True))
        except UnconvertibleMathError:
            translator.body.append(_source(translator, latex, block=True))
    translator.body.append("</div>\n")
    raise nodes.SkipNode


class MathCheck(SphinxTransform):
    """Warn, where a formula is written, when it cannot be converted (the page shows its TeX).

    Run when the page is read, so a formula copied to other pages (an abstract on a listing, a
    bio on a speaker's page) is reported once, at its line.
    """

    default_priority = 760  # after the page's own transforms; the formulas are final

    def apply(self, **kwargs: Any) -> None:
        if self.app.builder.format != "html":
            return
        for node in self.document.findall(_is_math):
            block = isinstance(node, nodes.math_block)
            for latex in _display_parts(node) if block else [node.astext()]:
                try:
                    to_mathml(latex, block=block)
                except UnconvertibleMathError as error:
                    warn(Subtype.BAD_MATH, f"math shown as TeX: {error}", node)
                    break


def _is_math(node: nodes.Node) -> bool:
    return isinstance(node, (nodes.math, nodes.math_block))


def _default_renderer(app: Sphinx, config: Config) -> None:
    """MathML unless the site names another renderer (``html_math_renderer = "mathjax"`` brings MathJax back)."""
    if config.html_math_renderer is None:
        config.html_math_renderer = RENDERER


def setup_math(app: Sphinx) -> None:
    """Register the MathML renderer, make it the default, and check formulas when pages are read."""
    app.add_html_math_renderer(RENDERER, inline_renderers=(visit_math, None), block_renderers=(visit_displaymath, None))
    app.connect("config-inited", _default_renderer)
    app.add_transform(MathCheck)
