"""The warning subtypes: every kind of problem the extension and its tools report, by name.

A build warns ``seminar.<subtype>`` (``sphinx-build -W`` fails on it, ``suppress_warnings``
silences one kind) and ``python -m seminar check`` prints ``[seminar.<subtype>]``; both take the
names from here.  REFERENCE.md, "Warning subtypes", lists them with examples.
"""

from __future__ import annotations

from enum import StrEnum


class Subtype(StrEnum):
    """The documented warning subtypes (REFERENCE.md, "Warning subtypes")."""

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
    UNKNOWN_TOPIC = "unknown_topic"
    MANY_TOPICS = "many_topics"
    DUPLICATE_TOPIC = "duplicate_topic"
    DUPLICATE_ABSTRACT = "duplicate_abstract"
    DUPLICATE_SLUG = "duplicate_slug"
    DUPLICATE_UID = "duplicate_uid"
    DUPLICATE_SPEAKER = "duplicate_speaker"
    YAML = "yaml"
    ENCODING = "encoding"
    LARGE_ABSTRACT = "large_abstract"
    BAD_OPTION = "bad_option"
    MISPLACED = "misplaced"
    FILE_ACCESS = "file_access"
    RAW_HTML = "raw_html"
    BAD_MATH = "bad_math"
    RESERVED_NAME = "reserved_name"
