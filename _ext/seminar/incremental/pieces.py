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
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

from sphinx.application import Sphinx

T = TypeVar("T")


class PieceCache(Generic[T]):
    """Pieces of one kind (``name``) by the digest of their inputs: the last build's and this build's."""

    def __init__(self, app: Sphinx, name: str, *version: object) -> None:
        self._path = Path(app.doctreedir) / f"seminar-{name}.pickle"
        extension = app.extensions.get("seminar")
        self._version = (getattr(extension, "metadata", {}).get("env_version"), *version)
        self._previous = self._load()
        self._current: dict[str, T] = {}

    def _load(self) -> dict[str, T]:
        try:
            version, pieces = pickle.loads(self._path.read_bytes())
        except Exception:  # missing, unreadable or from another Python: start afresh
            return {}
        return pieces if version == self._version and isinstance(pieces, dict) else {}

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
        if kept == self._previous:
            return
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            self._path.write_bytes(pickle.dumps((self._version, kept), protocol=pickle.HIGHEST_PROTOCOL))
