"""Writing the site's files: only those that changed, and removing those no source makes any more."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator, Mapping, Set
from pathlib import Path


def write_outputs(
    outdir: Path, files: Mapping[str, bytes], stale: Iterable[str] = (), keep: Set[str] = frozenset()
) -> None:
    """Write ``files`` (path -> bytes) below ``outdir``, leaving unchanged files untouched.

    Files matching a ``stale`` pattern that this build did not produce (a removed talk's calendar)
    are deleted, so incremental builds equal clean ones; ``keep`` names files the build still
    has but did not need to produce again.
    """
    for path, data in files.items():
        target = outdir / path
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for pattern in stale:
        for rel in existing(outdir, pattern):
            if rel not in files and rel not in keep:
                (outdir / rel).unlink()


def existing(outdir: Path, pattern: str) -> Iterator[str]:
    """The files below ``outdir`` that match ``pattern``, as ``/``-separated relative paths.

    ``*`` matches within a folder; a pattern with ``**`` also looks in the folders below its
    first wildcard.  (``os.walk`` and string matching, as ``Path.glob`` is slow on the thousands
    of calendar files a large site has.)
    """
    folder = pattern.split("*", 1)[0].rpartition("/")[0]
    for root, _dirs, names in os.walk(outdir / folder):
        prefix = Path(root).relative_to(outdir).as_posix() + "/"
        for name in names:
            rel = name if prefix == "./" else prefix + name
            if fnmatch.fnmatchcase(rel, pattern):
                yield rel
        if "**" not in pattern:
            break
