"""Serialized pieces of the site-wide files, kept between builds by the digest of their inputs.

``calendar.ics``, ``atom.xml`` and ``talks.json`` hold every talk, so any edit makes them again;
serializing a thousand events, feed entries and JSON objects for a one-talk edit was most of
what such a rebuild cost beyond the page itself.  Each talk's piece is stored under a digest of
what it shows (:mod:`seminar.incremental.fingerprints`), in a pickle beside the environment, and the files
are assembled from the stored pieces, making only the changed ones anew.

A cache is only ever a shortcut: a piece is looked up by the digest of its inputs, so a stale or
missing cache gives the same bytes, made from scratch.  The cache is dropped when the
extension's code (``env_version``) or the library that serializes the pieces changes.
"""

from __future__ import annotations

import contextlib
import gc
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

from sphinx.application import Sphinx

T = TypeVar("T")


class PieceCache(Generic[T]):
    """Pieces of one kind (``name``) by the digest of their inputs: the last build's and this build's."""

    def __init__(self, app: Sphinx, name: str, *version: object) -> None:
        self._path = kept_path(app, name)
        self._version = (extension_version(app), *version)
        found = load_kept(self._path, self._version)
        self._previous: dict[str, T] = found if isinstance(found, dict) else {}
        self._current: dict[str, T] = {}

    def get(self, key: str | None, make: Callable[[], T]) -> T:
        """The piece whose inputs digest to ``key``: stored, or made now (always made when ``key`` is ``None``)."""
        if key is None:
            return make()
        found = self._current.get(key)
        if found is None:
            found = self._previous.get(key)
            if found is None:
                found = make()
            self._current[key] = found
        return found

    def save(self, live: Iterable[str] = ()) -> None:
        """Keep this build's pieces, and those of the last build whose key is in ``live``, for the next."""
        kept = {key: self._previous[key] for key in live if key in self._previous}
        kept.update(self._current)
        if kept != self._previous:
            save_kept(self._path, self._version, kept)


def kept_path(app: Sphinx, name: str) -> Path:
    """Where something kept between builds under ``name`` lives: beside the environment."""
    return Path(app.doctreedir) / f"seminar-{name}.pickle"


def extension_version(app: Sphinx) -> object:
    """The extension's ``env_version`` (a digest of its code): what is kept is dropped when the code changes."""
    extension = app.extensions.get("seminar")
    return getattr(extension, "metadata", {}).get("env_version")


def load_kept(path: Path, version: tuple[object, ...]) -> object:
    """What :func:`save_kept` kept at ``path`` under ``version``; ``None`` if missing, unreadable or of another version.

    The collector is paused while it loads (:mod:`seminar.incremental.collector` says why).
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        found, value = pickle.loads(path.read_bytes())
    except Exception:  # missing, unreadable or from another Python: start afresh
        return None
    finally:
        if paused:
            gc.enable()
    return value if found == version else None


def save_kept(path: Path, version: tuple[object, ...], value: object) -> None:
    """Keep ``value`` at ``path`` for the next build; one that cannot be written only costs that build time."""
    with contextlib.suppress(OSError):
        path.write_bytes(pickle.dumps((version, value), protocol=pickle.HIGHEST_PROTOCOL))
