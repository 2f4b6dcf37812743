"""Every warning the extension emits, with its documented subtype.

Warnings are typed ``seminar.<subtype>`` so that ``sphinx-build -W`` fails on them and
``suppress_warnings = ["seminar.<subtype>"]`` silences one kind.  Each carries a location
(a node, or ``(docname, line)``) so the message points at the file and line to fix.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sphinx.util import logging

logger = logging.getLogger(__name__)


class Subtype(StrEnum):
    """The documented warning subtypes (README lists them with examples)."""

    UNKNOWN_KEY = "unknown_key"
    MISSING_KEY = "missing_key"
    BAD_DATE = "bad_date"
    BAD_TIME = "bad_time"
    BAD_DURATION = "bad_duration"
    BAD_TIMEZONE = "bad_timezone"
    BAD_STATUS = "bad_status"
    BAD_URL = "bad_url"
    BAD_TYPE = "bad_type"
    BAD_VALUE = "bad_value"
    UNKNOWN_SERIES = "unknown_series"
    UNKNOWN_SPEAKER = "unknown_speaker"
    UNKNOWN_TARGET = "unknown_target"
    DUPLICATE_ABSTRACT = "duplicate_abstract"
    DUPLICATE_SLUG = "duplicate_slug"
    DUPLICATE_UID = "duplicate_uid"
    DUPLICATE_SPEAKER = "duplicate_speaker"
    YAML = "yaml"
    ENCODING = "encoding"
    LARGE_ABSTRACT = "large_abstract"
    BAD_OPTION = "bad_option"
    MISPLACED = "misplaced"


def warn(subtype: Subtype, message: str, location: Any) -> None:
    """Emit one located warning of type ``seminar.<subtype>``."""
    logger.warning(message, location=location, type="seminar", subtype=subtype.value)
