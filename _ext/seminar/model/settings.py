"""The site-wide settings of the extension, declared once with their defaults and help.

Each field of :class:`SeminarConfig` is a ``seminar_<field>`` value in ``conf.py``
(:mod:`seminar.domain.config` declares them to Sphinx and checks them).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SeminarConfig:
    """Site-wide settings; ``conf.py`` sets them as ``seminar_<name>``."""

    timezone: str = field(default="UTC", metadata={"help": "IANA zone of series that name none."})
    duration: int = field(
        default=60, metadata={"help": "Talk length in minutes when neither talk nor series gives one."}
    )
    mailing_list: str = field(default="", metadata={"help": "Sign-up URL, shown when no talk is scheduled."})
    youtube_channel: str = field(
        default="", metadata={"help": "The channel URL, shown on upcoming talks that have no livestream link yet."}
    )
    organizer: str = field(default="", metadata={"help": "Who runs the seminar (schema.org organizer, feed author)."})
    short_name: str = field(
        default="",
        metadata={"help": 'The seminar\'s short name, at the end of calendar event titles ("MLSys Seminar").'},
    )
    site_url: str = field(default="", metadata={"help": "Public URL of the site root when html_baseurl is unset."})
    sidebar_series: int = field(
        default=12,
        metadata={"help": "How many series the sidebar lists, newest first; the others are on talks/index (0: all)."},
    )
