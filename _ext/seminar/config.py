"""The extension's configuration values, declared once with their defaults and help.

Each field of :class:`SeminarConfig` becomes a ``seminar_<field>`` value in ``conf.py``; they are
checked at ``config-inited`` so a typo'd time zone fails the build with a clear message.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field, fields
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError


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
    site_url: str = field(default="", metadata={"help": "Public URL of the site root when html_baseurl is unset."})
    sidebar_series: int = field(
        default=12,
        metadata={"help": "How many series the sidebar lists, newest first; the others are on talks/index (0: all)."},
    )


def seminar_config(config: Config) -> SeminarConfig:
    """The typed view of the ``seminar_*`` values of ``config``."""
    return SeminarConfig(**{f.name: getattr(config, f"seminar_{f.name}") for f in fields(SeminarConfig)})


def _check(app: Sphinx, config: Config) -> None:
    settings = seminar_config(config)
    try:
        zoneinfo.ZoneInfo(settings.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"seminar_timezone: unknown time zone {settings.timezone!r}") from None
    if settings.duration <= 0:
        raise ConfigError("seminar_duration must be a positive number of minutes")
    if settings.sidebar_series < 0:
        raise ConfigError("seminar_sidebar_series must be 0 (every series) or more")


def setup_config(app: Sphinx) -> None:
    """Declare every ``seminar_*`` value and check them when the configuration is read."""
    for f in fields(SeminarConfig):
        default: Any = f.default
        app.add_config_value(
            f"seminar_{f.name}", default, "env", types=frozenset({type(default)}), description=f.metadata["help"]
        )
    app.connect("config-inited", _check)
