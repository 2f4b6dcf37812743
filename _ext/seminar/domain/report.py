"""Emitting the extension's warnings: typed ``seminar.<subtype>`` and located.

Each warning carries a location (a node, or ``(docname, line)``) so the message points at the
file and line to fix; the subtypes are :class:`seminar.model.subtypes.Subtype`.
"""

from __future__ import annotations

from typing import Any

from sphinx.util import logging

from ..model.subtypes import Subtype

logger = logging.getLogger("seminar")


def warn(subtype: Subtype, message: str, location: Any) -> None:
    """Emit one located warning of type ``seminar.<subtype>``."""
    logger.warning(message, location=location, type="seminar", subtype=subtype.value)
