"""The extension's own CSS and JavaScript, added to every HTML page it builds."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

STATIC = Path(__file__).parent / "static"


def _add_static_path(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup_assets(app: Sphinx) -> None:
    """Ship ``static/seminar.css`` and ``static/seminar.js`` with every HTML build."""
    app.connect("config-inited", _add_static_path)
    # After furo's own sheets (furo-extensions.css has priority 600) and before conf.py's
    # html_css_files (800), so a site's stylesheet can still restyle the extension's blocks.
    app.add_css_file("seminar.css", priority=700)
    app.add_js_file("seminar.js", loading_method="defer")
