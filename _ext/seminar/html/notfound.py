"""The 404 page's way on: a search box and links to the home page and to all talks, in its body.

``sphinx-notfound-page`` serves ``404.html`` at any missing path, so its links must be absolute
paths from the site root; it gives the page's template a ``pathto`` that makes them so, but it
leaves the links of the page's body relative.  The way on is therefore added here, at
``html-page-context`` after notfound's handler (400), with that ``pathto``: a plain HTML form to
the search page (it works without JavaScript, and on a phone, where furo's search box is in the
hidden menu) and two links.
"""

from __future__ import annotations

import html
from typing import Any

from sphinx.application import Sphinx

from ..domain.config import in_output

ALL_TALKS = "talks/index"


def way_on(pathto: Any, *, root_doc: str, prefix: str, all_talks: bool) -> str:
    """The HTML of the search form and the links, their URLs from the page's ``pathto``.

    notfound's ``pathto`` gives ``#`` for a page whose URI is empty (the root document with
    dirhtml), so the home page is then the prefix itself.
    """
    search = html.escape(str(pathto("search")))
    home = str(pathto(root_doc))
    home = prefix if home == "#" else home
    links = [f'<li><a href="{html.escape(home)}">The home page: upcoming and recent talks</a></li>']
    if all_talks:
        links.append(f'<li><a href="{html.escape(str(pathto(ALL_TALKS)))}">All talks, by series and year</a></li>')
    return (
        f'<form class="seminar-notfound-search" method="get" action="{search}" role="search">\n'
        '<label for="seminar-notfound-q">Search the talks and speakers</label>\n'
        '<input type="search" id="seminar-notfound-q" name="q" autocomplete="off">\n'
        '<button type="submit">Search</button>\n'
        "</form>\n"
        f'<ul class="seminar-notfound-links">\n{"".join(links)}\n</ul>\n'
    )


def _on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if pagename != getattr(app.config, "notfound_pagename", None) or "notfound.extension" not in app.extensions:
        return
    body = context.get("body")
    if not isinstance(body, str) or "pathto" not in context:
        return
    prefix = str(getattr(app.config, "notfound_urls_prefix", None) or "/")
    block = way_on(
        context["pathto"],
        root_doc=str(app.config.root_doc),
        prefix=prefix if prefix.endswith("/") else f"{prefix}/",
        all_talks=in_output(app.builder, ALL_TALKS),
    )
    # Inside the page's section, after its text, so it reads as part of the page.
    end = body.rfind("</section>")
    context["body"] = body[:end] + block + body[end:] if end >= 0 else body + block


def setup_notfound(app: Sphinx) -> None:
    """Give the 404 page a search box and links home and to all talks (absolute, notfound's ``pathto``)."""
    app.connect("html-page-context", _on_page_context, priority=500)
