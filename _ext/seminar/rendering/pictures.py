"""A speaker's picture: their photo from ``speakers/<id>.md``, else an initials avatar made at build time.

Two places show it, both next to the speaker's visible name, so the picture is decorative there
(``alt=""``): the speaker's page, under its title (:data:`PAGE_SIZE`), and the talk page's header,
before each speaker's name, inside its link (:data:`HEADER_SIZE`).  Both carry ``width`` and
``height``, so nothing moves when the page loads.

- A local ``photo:`` (an image of the source folder, checked by :func:`seminar.domain.files.photo_problem`
  when the speaker page is read) is an image node, which Sphinx copies into ``_images/``.  It is
  shown only when the speaker page placed it (its file is in ``env.images``), so a refused photo
  is shown nowhere.
- A remote ``photo:`` (http(s)) is never loaded by the page, which requests nothing from another
  host before a click: the avatar stands in, and the speaker page links the photo.
- Else the avatar (:mod:`seminar.site.avatars`): a disc in a colour of the id with the initials
  of the name, or a silhouette when the name has no letter or digit; a file the html and dirhtml
  builders write (:mod:`seminar.outputs.pictures`), inline SVG for the other HTML builders.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.util.osutil import relative_uri

from ..domain.files import PHOTO_SIZE, is_remote_photo
from ..domain.safety import link_problem
from ..model.slugs import SLUG
from ..site.avatars import avatar_path, avatar_svg
from ..site.catalog import FILE_BUILDERS
from ..site.speakers import SpeakerInfo
from ..site.urls import file_url
from .renderer import Renderer, external, para

HEADER_SIZE = 32
"""The picture's size in a talk's header, in CSS pixels."""
PAGE_SIZE = PHOTO_SIZE
"""The picture's size on the speaker's page, in CSS pixels (the photo's, placed when the page is read)."""

PHOTO_CLASS = "seminar-speaker-photo"
"""The class of a photo's ``<img>`` (the speaker page's photo node is made with it when the page is read)."""


def local_photo(r: Renderer, info: SpeakerInfo) -> str | None:
    """The source path (from the source folder) of the speaker's photo, when their page placed one."""
    if info.page is None or not info.page.page.photo or is_remote_photo(info.page.page.photo):
        return None
    env = r.builder.env
    path = env.relfn2path(info.page.page.photo, info.page.docname)[0]
    placed = env.images.get(path)
    return path if placed is not None and info.page.docname in placed[0] else None


def picture(r: Renderer, info: SpeakerInfo, size: int) -> nodes.Element:
    """The speaker's photo (an image node Sphinx copies) or avatar (raw HTML), ``size`` pixels square."""
    path = local_photo(r, info)
    if path is not None:
        return nodes.image(
            uri=path,
            candidates={"*": path},
            alt="",
            width=str(size),
            height=str(size),
            classes=[PHOTO_CLASS, "no-scaled-link"],
        )
    return avatar(r, info, size)


def avatar(r: Renderer, info: SpeakerInfo, size: int) -> nodes.raw:
    """The speaker's avatar: an ``<img>`` of its file where the builder writes it, else an inline SVG.

    The file (html and dirhtml) keeps the initials out of the page's text, so the search index and
    its snippets, and text copied from the page, hold the name alone.  Raw HTML: no other builder
    would show it, and Sphinx would take an image node for a file of the sources.
    """
    if r.builder.name in FILE_BUILDERS and SLUG.match(info.id):
        src = relative_uri(r.links.page(r.docname), file_url(avatar_path(info.id)))
        markup = f'<img class="seminar-avatar" src="{html.escape(src)}" alt="" width="{size}" height="{size}" />'
        return nodes.raw("", markup, format="html")
    # "no-search": the letters are no words of the page, so the search index leaves them out.
    return nodes.raw("", avatar_svg(info.id, info.name, size, inline=True), format="html", classes=["no-search"])


def page_picture(r: Renderer, info: SpeakerInfo) -> nodes.container:
    """The picture under the title of the speaker's page; a remote photo is linked, not loaded."""
    box = nodes.container(classes=["seminar-speaker-picture"])
    box += picture(r, info, PAGE_SIZE)
    photo = info.page.page.photo if info.page else None
    if photo and is_remote_photo(photo) and link_problem(photo) is None:
        host = urlsplit(photo).hostname or photo
        box += para(external(f"Photo (on {host})", photo), classes=["seminar-photo-link"])
    return box
