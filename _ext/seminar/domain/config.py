"""The ``seminar_*`` configuration values: declared to Sphinx from :class:`SeminarConfig` and checked.

They are checked at ``config-inited``, so a typo'd time zone fails the build with a clear message.
:func:`seminar_config` and :func:`links_of` are the typed views of Sphinx's configuration and
builder that the layers above use.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import fields
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.errors import ConfigError

from ..model.settings import SeminarConfig
from ..site.urls import Links, base_url, page_url


def seminar_config(config: Config) -> SeminarConfig:
    """The typed view of the ``seminar_*`` values of ``config``."""
    return SeminarConfig(**{f.name: getattr(config, f"seminar_{f.name}") for f in fields(SeminarConfig)})


def links_of(builder: Builder) -> Links:
    """Where ``builder`` puts pages, and the site's public base URL."""
    config = builder.config
    base = base_url(str(config.html_baseurl or ""), str(config.seminar_site_url or ""))
    return Links(
        base=base, page=lambda docname: page_url(builder.get_target_uri(docname)), root_doc=str(config.root_doc)
    )


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
