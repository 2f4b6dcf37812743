"""The roles ``{talk}`slug```, ``{speaker}`id``` and ``{series}`id```: links titled by their target.

They create ordinary pending cross-references in the ``seminar`` domain, so they resolve after
reading (any page can link to any other) and an unknown target is a located warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from .slugs import slugify
from .warnings_ import Subtype, warn

if TYPE_CHECKING:
    from .domain import SeminarDomain


class SeminarXRefRole(XRefRole):
    """A cross-reference role that always targets the ``seminar`` domain, prefixed or not."""

    def create_xref_node(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.refdomain = "seminar"
        # Remember the target: the link text is the target's title, so the page depends on it.
        domain = self.env.get_domain("seminar")
        domain.data["xrefs"].setdefault(self.env.docname, []).append((self.reftype, self.target))
        return super().create_xref_node()


def lookup(domain: SeminarDomain, typ: str, target: str) -> tuple[str, str] | None:
    """The ``(docname, title)`` a role target names, or ``None``."""
    from .site import site_of

    key = target.strip()
    site = site_of(domain.env)  # its indexes, built once per build: a page may hold many roles
    if typ == "talk":
        entry = site.talk_by_slug.get(key.rsplit("/", 1)[-1])
        return (entry.docname, entry.talk.title) if entry else None
    if typ == "series":
        series = site.series_by_id.get(key)
        return (series.docname, series.series.title) if series else None
    if typ == "speaker":
        info = site.speakers.get(slugify(key))
        return (info.docname, info.name) if info else None
    return None


def resolve(
    domain: SeminarDomain,
    fromdocname: str,
    builder: Builder,
    typ: str,
    target: str,
    node: pending_xref,
    contnode: nodes.Element,
) -> nodes.reference | None:
    """Resolve one role; warn (located at the role) when the target does not exist."""
    found = lookup(domain, typ, target)
    if found is None:
        warn(Subtype.UNKNOWN_TARGET, f"unknown {typ} {target!r} in {{{typ}}} role", node)
        return None
    docname, title = found
    text = contnode if node.get("refexplicit") else nodes.inline(title, title, classes=["xref", f"seminar-{typ}"])
    return make_refnode(builder, fromdocname, docname, "", text, title)


def setup_roles(app: Sphinx) -> None:
    """Register the roles under their public, unprefixed names (and ``seminar:`` ones via the domain)."""
    for typ in ("talk", "speaker", "series"):
        app.add_role(typ, SeminarXRefRole())
