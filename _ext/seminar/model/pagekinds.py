"""Which source documents are talks, series and speaker additions (REFERENCE.md, "File layout")."""

from __future__ import annotations

from enum import Enum


class PageKind(Enum):
    """What a source document is to the extension."""

    TALK = "talk"
    SERIES = "series"
    SPEAKER = "speaker"
    OTHER = "other"


RESERVED_DOCUMENTS = ("talks/index", "speakers/index", "tags/index")
"""Source documents the build never reads: the generated indexes are written at their place."""


def page_kind(docname: str) -> PageKind:
    """Any page below ``talks/`` is a talk; pages directly in ``series/`` and ``speakers/`` are series and speakers."""
    parts = docname.split("/")
    if parts[0] == "talks" and len(parts) >= 2:
        return PageKind.TALK
    if parts[0] == "series" and len(parts) == 2:
        return PageKind.SERIES
    if parts[0] == "speakers" and len(parts) == 2:
        return PageKind.SPEAKER
    return PageKind.OTHER
