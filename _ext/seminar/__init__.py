"""The ``seminar`` Sphinx extension: talks, speakers and series from MyST front matter."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

__version__ = "0.1.0"

# Command-line tools that a build never imports: editing them must not discard saved environments.
_NOT_BUILD_CODE = frozenset({"__main__.py", "check_pages.py", "importer.py", "scaffold.py"})


def _code_version() -> int:
    """A number that changes whenever the code and assets of the build do.

    Sphinx re-reads every document when an extension's ``env_version`` changes; deriving it from
    the code means a pickled environment is never reused with code that would store or render
    it differently.  The command-line tools (:data:`_NOT_BUILD_CODE`) are left out.
    """
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*")):
        if path.suffix in (".py", ".css", ".js") and path.name not in _NOT_BUILD_CODE:
            digest.update(path.read_bytes())
    return int(digest.hexdigest()[:12], 16)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register every part of the extension."""
    from .assets import setup_assets
    from .calendar import setup_calendar
    from .checks import setup_checks
    from .collector import setup_collector
    from .config import setup_config
    from .directives import setup_directives
    from .domain import SeminarDomain
    from .encoding import setup_encoding
    from .feeds import setup_feeds
    from .incremental import setup_incremental
    from .navigation import setup_navigation
    from .nodes import setup_nodes
    from .pages import setup_pages
    from .reader import setup_reader
    from .resolve import setup_resolve
    from .roles import setup_roles
    from .search import setup_search
    from .sitefiles import setup_sitefiles
    from .structured import setup_structured

    setup_collector(app)
    setup_config(app)
    setup_encoding(app)
    app.add_domain(SeminarDomain)
    setup_nodes(app)
    setup_reader(app)
    setup_directives(app)
    setup_roles(app)
    setup_resolve(app)
    setup_checks(app)
    setup_incremental(app)
    setup_pages(app)
    setup_search(app)
    setup_navigation(app)
    setup_calendar(app)
    setup_feeds(app)
    setup_sitefiles(app)
    setup_structured(app)
    setup_assets(app)
    return {
        "version": __version__,
        "env_version": _code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
