"""The ``seminar`` Sphinx extension: talks, speakers and series from MyST front matter.

``extensions = ["seminar"]`` in ``conf.py`` loads it (:mod:`seminar.extension` registers its
parts); ``python -m seminar`` runs its command-line tools (:mod:`seminar.cli`).  ARCHITECTURE.md
maps the package; REFERENCE.md is the contract that pages are written against.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # python -m seminar imports this package: it must not load Sphinx
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register every part of the extension (see :mod:`seminar.extension`)."""
    from .extension import setup_extension  # the build's modules load only when Sphinx loads the extension

    return setup_extension(app, __version__)
