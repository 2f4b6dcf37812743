"""Keep Python's cyclic garbage collector from walking the build environment again and again.

A rebuild unpickles the environment: millions of objects at a thousand talks (every talk's
metadata, bios and the doctree-independent state of each page) that live until the process ends.
Each full collection walks all of them, and the allocations of unpickling set off several, which
find nothing to free (benchmarks/README.md has the figures).  So the collector is paused while Sphinx loads the environment, and what is
alive once it is loaded (and when the build ends) is frozen (:func:`gc.freeze`): later
collections skip it.  Nothing is kept for good: the next build in the same process (a test
session) starts with :func:`gc.unfreeze` and a collection, which frees what the last one left
unreachable, and a ``sphinx-build`` process returns its memory at exit.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx

# Whether this module turned the collector off and has not turned it on again.  The collector is
# one per process, so this is too: a build that failed before ``builder-inited`` must not leave
# the next build of a test session believing the collector was off to begin with.
_paused = False


def _resume_and_freeze(app: Sphinx) -> None:
    global _paused
    if _paused:
        gc.enable()
        _paused = False
    gc.freeze()


def _freeze(app: Sphinx, exception: BaseException | None) -> None:
    gc.freeze()


def setup_collector(app: Sphinx) -> None:
    """Pause the collector while the environment loads (until ``builder-inited``) and freeze what survives."""
    global _paused
    if gc.get_freeze_count():  # an earlier build in this process (a test session) froze its objects
        gc.unfreeze()
        gc.collect()  # else what is garbage by now would be frozen again below
    if gc.isenabled() or _paused:  # a collector that someone else turned off stays off
        gc.disable()
        _paused = True
    app.connect("builder-inited", _resume_and_freeze, priority=0)
    app.connect("build-finished", _freeze, priority=1000)
