"""What a Sphinx builder makes of the site's pages: a file per page, or one output holding several.

The html, dirhtml and epub builders write every document and every generated page (speaker
pages, indexes, tag pages) to a file of its own.  Other builders write no generated pages; and
singlehtml, latex and texinfo assemble the root document and its toctree into one output, which
holds neither the generated pages nor the talk pages (they are in no toctree).  A link to a page
that the output does not hold is shown as its text (:func:`in_output`).
"""

from __future__ import annotations

from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.errors import NoUri


def writes_generated_pages(builder: Builder) -> bool:
    """Whether ``builder`` writes one file per page, the generated pages included (html, dirhtml, epub)."""
    return isinstance(builder, StandaloneHTMLBuilder) and not isinstance(builder, SingleFileHTMLBuilder)


def in_output(builder: Builder, docname: str) -> bool:
    """Whether the output of ``builder`` holds page ``docname`` (a document or a generated page).

    latex and texinfo say so themselves (their URI of a document they do not hold raises
    :class:`~sphinx.errors.NoUri`); singlehtml gives every document an anchor in its one page,
    whether the page holds it or not, so its documents are those of the root document's toctrees.
    """
    if docname not in builder.env.all_docs:
        return writes_generated_pages(builder)
    if writes_generated_pages(builder):
        return True  # every document is a page of its own
    if isinstance(builder, SingleFileHTMLBuilder):
        return docname in _toctree_documents(builder)
    try:
        builder.get_target_uri(docname)
    except NoUri:
        return False
    return True


def _toctree_documents(builder: Builder) -> set[str]:
    """The root document and every document its toctrees include, at any depth (what singlehtml inlines)."""
    includes = builder.env.toctree_includes
    found = {builder.config.root_doc}
    todo = [builder.config.root_doc]
    while todo:
        for child in includes.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found
