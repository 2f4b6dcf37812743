"""The ``seminar`` Sphinx extension: talks, speakers and series from MyST front matter."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register every part of the extension."""
    from .checks import setup_checks
    from .config import setup_config
    from .directives import setup_directives
    from .domain import SeminarDomain
    from .encoding import setup_encoding
    from .incremental import setup_incremental
    from .nodes import setup_nodes
    from .pages import setup_pages
    from .reader import setup_reader
    from .resolve import setup_resolve
    from .roles import setup_roles

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
    return {
        "version": __version__,
        "env_version": SeminarDomain.data_version,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
