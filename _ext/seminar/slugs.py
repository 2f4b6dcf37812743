"""Turning names and titles into URL-safe identifiers.

Speaker ids, talk slugs and tag page names all come from here, so a name is spelled the same way
in every URL the site publishes (``Christopher Ré`` -> ``christopher-re``).
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; accents are folded, everything else dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("-", folded.lower()).strip("-")
