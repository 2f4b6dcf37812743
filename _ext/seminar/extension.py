"""Registering the extension with Sphinx: one ``setup_<part>`` per part, in the order they must be connected.

The layers, bottom up (ARCHITECTURE.md draws them): :mod:`seminar.model` (what contributors
write, no Sphinx), :mod:`seminar.site` (the site as read, no Sphinx), :mod:`seminar.domain` (the
Sphinx domain, reader, directives, roles, nodes and the build's state), :mod:`seminar.rendering`
(docutils nodes), :mod:`seminar.incremental` (what a rebuild must write), then
:mod:`seminar.outputs` (calendars, feeds, ``talks.json``) and :mod:`seminar.html` (generated
pages, placeholders, navigation, search, page metadata).  The command-line tools
(:mod:`seminar.cli`) stand apart: no build imports them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from .domain.config import setup_config
from .domain.directives import setup_directives
from .domain.domain import setup_domain
from .domain.encoding import setup_encoding
from .domain.files import setup_files
from .domain.nodes import setup_nodes
from .domain.reader import setup_reader
from .domain.safety import setup_safety
from .html.assets import setup_assets
from .html.generated import setup_generated
from .html.math import setup_math
from .html.navigation import setup_navigation
from .html.notfound import setup_notfound
from .html.placeholders import setup_placeholders
from .html.redirects import setup_redirects
from .html.search import setup_search
from .html.structured import setup_structured
from .incremental.collector import setup_collector
from .incremental.planner import setup_planner
from .outputs.sitefiles import setup_sitefiles

PACKAGE = Path(__file__).parent
_TOOLS = (PACKAGE / "cli", PACKAGE / "__main__.py")  # the command-line tools: no build imports them


def code_version() -> int:
    """A number that changes whenever the code and assets of the build do.

    Sphinx re-reads every document when an extension's ``env_version`` changes; deriving it from
    the code means a pickled environment is never reused with code that would store or render
    it differently.  The command-line tools are left out: editing them keeps saved environments.
    """
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".css", ".js") and not any(path == t or t in path.parents for t in _TOOLS):
            digest.update(path.read_bytes())
    return int(digest.hexdigest()[:12], 16)


def setup_extension(app: Sphinx, version: str) -> dict[str, Any]:
    """Register every part of the extension."""
    setup_collector(app)
    setup_config(app)
    setup_encoding(app)
    setup_domain(app)
    setup_nodes(app)
    setup_reader(app)
    setup_directives(app)
    setup_files(app)
    setup_safety(app)
    setup_placeholders(app)
    setup_planner(app)
    setup_generated(app)
    setup_search(app)
    setup_navigation(app)
    setup_sitefiles(app)
    setup_structured(app)
    setup_assets(app)
    setup_redirects(app)
    setup_notfound(app)
    setup_math(app)
    return {
        "version": version,
        "env_version": code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
