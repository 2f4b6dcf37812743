"""The speakers' initials avatars as files: ``_images/avatars/<id>.svg``, one per speaker.

A page shows a speaker's avatar as an image of this file (:mod:`seminar.rendering.pictures`), so
the initials are no text of the page.  Every build of the html and dirhtml builders writes the
avatar of every speaker from the site as read (only the files whose bytes changed), and removes
the files of speakers who are gone: the files follow a renamed speaker without any page being
rewritten, and an incremental build leaves the same files as a clean one.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ..domain.domain import domain_of
from ..model.slugs import SLUG
from ..site.avatars import AVATARS, avatar_path, avatar_svg
from .files import write_outputs


def write_avatars(app: Sphinx) -> None:
    """Write the avatar of every speaker that changed, and remove those of speakers no talk names."""
    speakers = domain_of(app.env).site.speakers.values()
    files = {
        avatar_path(info.id): (avatar_svg(info.id, info.name) + "\n").encode("utf-8")
        for info in speakers
        if SLUG.match(info.id)  # an id is a slug (else the talk was refused): a file name of its own
    }
    write_outputs(Path(app.outdir), files, stale=[f"{AVATARS}/*.svg"])
