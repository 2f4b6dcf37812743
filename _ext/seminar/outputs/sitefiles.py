"""When the site-wide files are written: calendars, Atom feeds, ``talks.json``, the speakers' pictures.

They are made from the environment alone, not from the pages, so they need not wait for them.
When Sphinx writes in parallel (``-j N`` and every extension safe for it), they are made in a
process of their own, forked when writing starts (``write-started``), while the pages are
written, and ``build-finished`` waits for it (benchmarks/README.md has the figures).  Other
builds make them at ``build-finished``.  Sphinx's :class:`~sphinx.util.parallel.ParallelTasks`
runs the process: its warnings are replayed here and its failure fails the build.
"""

from __future__ import annotations

from functools import partial

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.parallel import ParallelTasks

from ..domain.state import build_state
from ..site.catalog import FILE_BUILDERS
from .calendar import write_calendars
from .export import write_export
from .feeds import write_feeds
from .pictures import remove_unshown_photos, write_avatars


def write_site_files(app: Sphinx) -> None:
    """Write the calendars, feeds, ``talks.json`` and avatars that changed; remove photos no page shows."""
    write_calendars(app)
    write_avatars(app)
    remove_unshown_photos(app)
    write_feeds(app)
    write_export(app)


def _on_write_started(app: Sphinx, builder: Builder) -> None:
    if builder.name in FILE_BUILDERS and builder.parallel_ok:  # -j, and Sphinx writes in parallel
        tasks = ParallelTasks(1)
        tasks.add_task(partial(write_site_files, app))
        build_state(app.env).site_files = tasks


def _on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    state = build_state(app.env)
    tasks: ParallelTasks | None = state.site_files
    if tasks is not None:
        state.site_files = None
        tasks.join()  # also when the build failed: no process is left behind
    elif exception is None and app.builder.name in FILE_BUILDERS:
        write_site_files(app)


def setup_sitefiles(app: Sphinx) -> None:
    """Write the site-wide files alongside the pages (``-j``) or when the build finishes."""
    app.connect("write-started", _on_write_started)
    app.connect("build-finished", _on_build_finished)
