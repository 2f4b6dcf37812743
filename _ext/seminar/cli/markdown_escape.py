"""Plain text as MyST Markdown that renders the same words: :func:`escape_markdown`.

The original site's abstracts and bios are plain text, but a talk page's body is MyST Markdown:
``<``, backticks, ``$``, brackets or a leading ``#``, ``-`` or ``1.`` would turn into markup.
Each paragraph is escaped where it would, and only there, so the page source stays readable.
"""

from __future__ import annotations

import re

__all__ = ["escape_markdown"]

# ``$...$`` / ``$$...$$`` spans, with the same rule as dollarmath: no space just inside the dollars.
_MATH_SPAN = re.compile(r"\$\$[^$]+?\$\$|\$[^\s$](?:[^$]*?[^\s$\\])?\$")
_LATEX_HINT = re.compile(r"[=\\^_{}<>+]|^[A-Za-z]$")
# Bare links stay as written: linkify must see them whole, escapes inside would cut them.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"`]+")
# Backslash-escapes in running text: raw HTML (<), code (`), math ($), the escape itself.
_INLINE_SPECIAL = re.compile(r"[\\<`$]")
_ENTITY = re.compile(r"&(?=#?\w+;)")  # &amp; would otherwise render as "&"
# "{{ x }}" is MyST substitution syntax; "*x*{.c}", "[x]{.c}", "(y){.c}" are attrs_inline attributes
_BRACE = re.compile(r"\{(?=\{)|(?<=[\]*_)`])\{")
_BRACKETS = re.compile(r"[\[\]]")
_LINK_SYNTAX = re.compile(r"\]\s*[(\[:]|\[\^")  # [x](y), [x][y], [x]: y, [^x]
# Constructs that only count at the start of a line (our paragraphs are one line each).
_BLOCK_START = re.compile(
    r"""^(?:
        \#{1,6}(?:\s|$)          # heading
      | [>:%|]                   # block quote, directive fence or option, MyST comment, table
      | [-+*](?:\s|$)            # bullet list item
      | ([-*_])(?:\s*\1){2,}\s*$ # thematic break
      | ~~~ | \+\+\+             # code fence, MyST block break
      | \([^)]*\)=               # MyST target
    )""",
    re.VERBOSE,
)
_ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def _is_math(span: str) -> bool:
    """A ``$...$`` span is LaTeX when it looks like it; ``$5 and $10`` stays money."""
    inner = span.strip("$")
    return bool(_LATEX_HINT.search(inner))


def _segments(text: str) -> list[tuple[str, bool]]:
    """Split a paragraph into (piece, verbatim) pieces: math spans and URLs are verbatim."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    spans = [m for m in _MATH_SPAN.finditer(text) if _is_math(m.group())]
    for match in spans:
        pieces.extend(_url_segments(text[at : match.start()]))
        pieces.append((match.group(), True))
        at = match.end()
    pieces.extend(_url_segments(text[at:]))
    return [p for p in pieces if p[0]]


def _url_segments(text: str) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in _URL.finditer(text):
        pieces.append((text[at : match.start()], False))
        pieces.append((match.group(), True))
        at = match.end()
    pieces.append((text[at:], False))
    return pieces


def _escape_inline(text: str, brackets: bool) -> str:
    text = _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(), text)
    text = _ENTITY.sub(r"\\&", text)
    text = _BRACE.sub(r"\\{", text)
    if brackets:
        text = _BRACKETS.sub(lambda m: "\\" + m.group(), text)
    return text


def escape_markdown(paragraph: str) -> str:
    """One paragraph of plain text as MyST Markdown that renders the same words.

    Escaped: ``<`` (raw HTML), backticks, a backslash, ``$`` outside LaTeX math, entity-like
    ``&name;``, ``{`` where it would open a substitution or inline attributes, brackets when they
    would form a link, and whatever would start a heading, list, quote, fence, directive (or its
    options), definition, comment or target at the start of the paragraph.
    Kept as written: ``$...$`` math (it renders as math), bare URLs (linkify links them) and
    ``*``/``_`` (emphasis keeps every letter).
    """
    brackets = bool(_LINK_SYNTAX.search(paragraph)) or paragraph.startswith("[")
    pieces = [
        (piece if verbatim else _escape_inline(piece, brackets), verbatim) for piece, verbatim in _segments(paragraph)
    ]
    if not pieces:
        return ""
    first, verbatim = pieces[0]
    if not verbatim:
        if _ORDERED_ITEM.match(first):
            first = _ORDERED_ITEM.sub(r"\1\\\2", first, count=1)
        elif _BLOCK_START.match(first):
            first = "\\" + first
        pieces[0] = (first, verbatim)
    return "".join(piece for piece, _ in pieces)
