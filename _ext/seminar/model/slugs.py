"""Turning names and titles into URL-safe identifiers, and the one pattern a slug must match.

Speaker ids, talk slugs and tag page names all come from here, so a name is spelled the same way
in every URL the site publishes (``Christopher Ré`` -> ``christopher-re``).
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""What a series id, a speaker ``id:`` or a talk's file name may be: lower-case words and single hyphens."""

SLUG = re.compile(SLUG_PATTERN)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; accents are folded, everything else dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("-", folded.lower()).strip("-")


def plural(count: int, word: str) -> str:
    """``1 talk``, ``2 talks``."""
    return f"{count} {word}{'s' if count != 1 else ''}"
