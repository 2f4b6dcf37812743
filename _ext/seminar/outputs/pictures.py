"""The speakers' pictures in the output: the initials avatars written, photos no page shows removed.

A page shows a speaker's avatar as an image of ``_images/avatars/<id>.svg``
(:mod:`seminar.rendering.pictures`), so the initials are no text of the page.  Every build of the
html and dirhtml builders writes the avatar of every speaker from the site as read (only the files
whose bytes changed), and removes the files of speakers who are gone: the files follow a renamed
speaker without any page being rewritten, and an incremental build leaves the same files as a
clean one.  A build that changed no speaker (nothing changed, or only page bodies such as an
abstract: :class:`~seminar.domain.state.RebuildPlan`) leaves them as they are, unless one was
deleted from the output.

Sphinx copies each image a page shows into ``_images/`` and never removes one: a speaker's photo
taken off their page would stay published until a clean build.  So the photos of speaker pages
that no page of the environment shows any more are removed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sphinx.application import Sphinx

from ..domain.domain import domain_of
from ..domain.state import build_state
from ..model.pagekinds import PageKind, page_kind
from ..model.slugs import SLUG
from ..site.avatars import AVATARS, avatar_path, avatar_svg
from .files import write_outputs

PHOTOS_RECORD = "seminar-photos.json"
"""The file beside the environment that lists the photo files of the last build's ``_images/``."""
IMAGES = "_images"
"""Where Sphinx copies the images of the pages (``StandaloneHTMLBuilder.imagedir``)."""


def write_avatars(app: Sphinx) -> None:
    """Write the avatar of every speaker that changed, and remove those of speakers no talk names."""
    # An id is a slug (else the talk was refused): a file name of its own.
    speakers = [info for info in domain_of(app.env).site.speakers.values() if SLUG.match(info.id)]
    plan = build_state(app.env).plan
    if (plan.unchanged or plan.body_only) and _files_in(Path(app.outdir) / AVATARS) == {
        Path(avatar_path(info.id)).name for info in speakers
    }:
        return  # no name, id or speaker changed since the last build wrote them, and none was deleted
    files = {avatar_path(info.id): (avatar_svg(info.id, info.name) + "\n").encode("utf-8") for info in speakers}
    write_outputs(Path(app.outdir), files, stale=[f"{AVATARS}/*.svg"])


def _files_in(folder: Path) -> set[str]:
    try:
        with os.scandir(folder) as entries:
            return {entry.name for entry in entries if entry.is_file()}
    except OSError:
        return set()


def remove_unshown_photos(app: Sphinx) -> None:
    """Remove from ``_images/`` the speaker photos that no page shows any more (a photo taken off its page).

    Only the files this function saw as photos in an earlier build (listed beside the environment)
    are candidates: files that other extensions put in ``_images/`` are left alone.
    """
    record = Path(app.doctreedir) / PHOTOS_RECORD
    shown = {name for _docnames, name in app.env.images.values()}
    photos = sorted(
        name
        for docnames, name in app.env.images.values()
        if docnames and all(page_kind(docname) is PageKind.SPEAKER for docname in docnames)
    )
    try:
        earlier = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        earlier = []
    folder = Path(app.outdir) / IMAGES
    for name in earlier if isinstance(earlier, list) else []:
        target = folder / str(name)
        if name not in shown and target.parent == folder and target.is_file():
            target.unlink()
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(photos), encoding="utf-8")
