"""The related-talk index kept between builds, so that an abstract edit ranks again only what it may change.

Ranking every talk's related talks anew reads every talk's terms: about a quarter of a second at
a thousand talks, most of what a one-abstract edit cost beyond writing its pages.  A build that
changed only page bodies (:attr:`~seminar.domain.state.RebuildPlan.body_only`: no title, date,
topic or speaker moved) loads the last build's :class:`~seminar.site.related.RelatedIndex`
instead and updates it with the abstracts it read
(:meth:`~seminar.site.related.RelatedIndex.update`), which ranks as a new index would.  Every
other build that read a talk makes the index anew.  Either way the index is kept for the next
build, in a pickle beside the environment.

Like the cached pieces of the site files (:mod:`seminar.incremental.pieces`) it is only a
shortcut: an index that is missing, unreadable, from other code (the extension's or Sphinx's,
whose stemmer it used) or of other talks is made anew.
"""

from __future__ import annotations

from collections.abc import Set

import sphinx
from sphinx.application import Sphinx

from ..site.indexes import Site
from ..site.related import RelatedIndex
from .pieces import extension_version, kept_path, load_kept, save_kept

_NAME = "related-index"


def _version(app: Sphinx) -> tuple[object, ...]:
    return (extension_version(app), sphinx.__version__)


def rank_related(app: Sphinx, site: Site, edited: Set[str] | None) -> None:
    """Give ``site`` this build's related talks, updating the last build's index after an edit of the ``edited`` abstracts.

    ``edited`` is ``None`` when more than abstracts may have changed: the index is made anew.
    """
    path = kept_path(app, _NAME)
    index = None
    if edited is not None:
        found = load_kept(path, _version(app))
        if isinstance(found, RelatedIndex) and found.ranked.keys() == site.by_docname.keys():
            found.words = site.words
            talks = [site.related_document(site.by_docname[d]) for d in sorted(edited) if d in site.by_docname]
            if found.update(talks) is not None:
                index = found
    if index is None:
        index = site.related_index
    else:
        site.use_related_index(index)
    save_kept(path, _version(app), index)
