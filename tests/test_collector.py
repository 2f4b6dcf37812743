"""The garbage collector is paused only while the environment loads, and no build's garbage is kept for good."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from sitebuild import build, copy_root


class _Cycle:
    """Garbage only the cyclic collector frees."""

    def __init__(self) -> None:
        self.me = self


def test_the_collector_is_on_after_builds_and_their_garbage_is_freed(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    build(src, tmp_path / "b", fresh=True)
    build(src, tmp_path / "b")  # a rebuild: the environment is loaded from disk
    assert gc.isenabled()
    garbage = _Cycle()
    ref = weakref.ref(garbage)
    gc.freeze()  # as a finished build leaves what is alive
    del garbage
    gc.collect()
    assert ref() is not None  # frozen: no collection walks it
    build(src, tmp_path / "b")  # the next build in the process frees it
    assert ref() is None
    assert gc.isenabled()


def test_a_collector_turned_off_stays_off(tmp_path: Path) -> None:
    src = copy_root("basic", tmp_path)
    gc.disable()
    try:
        build(src, tmp_path / "b", fresh=True)
        assert not gc.isenabled()
    finally:
        gc.enable()
