"""Serialized pieces of the site-wide files, kept between builds by the digest of their inputs.

``calendar.ics``, ``atom.xml`` and ``talks.json`` hold every talk, so any edit makes them again;
serializing a thousand events, feed entries and JSON objects for a one-talk edit was most of
what such a rebuild cost beyond the page itself.  Each talk's piece is stored under a digest of
what it shows (:mod:`seminar.incremental.fingerprints`), in pickles beside the environment (all
pieces, and those made since: :class:`PieceCache`), and the files are assembled from the stored
pieces, making only the changed ones anew.

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
    """Pieces of one kind (``name``) by the digest of their inputs: the last build's and this build's.

    They are kept in two files: all pieces as of some build, and the pieces made since (a small
    file beside it).  A rebuild after a one-talk edit makes a handful of pieces: writing those
    alone costs nothing, where writing every piece again (megabytes at a thousand talks) cost
    more than making them.  When the pieces made since, or the pieces no longer used, grow past
    :attr:`SHARE` of the whole, the two files become one again.
    """

    SHARE = 16
    """The pieces made since the whole was written, or no longer used, may reach one in this many."""

    def __init__(self, app: Sphinx, name: str, *version: object) -> None:
        self._path = kept_path(app, name)
        self._since_path = kept_path(app, f"{name}-since")
        self._version = (extension_version(app), *version)
        found = load_kept(self._path, self._version)
        self._previous: dict[str, T] = found if isinstance(found, dict) else {}
        since = load_kept(self._since_path, self._version) if self._previous else None
        self._since: dict[str, T] = since if isinstance(since, dict) else {}
        self._previous.update(self._since)
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
        new = {key: piece for key, piece in kept.items() if key not in self._previous}
        unused = len(self._previous.keys() - kept.keys())
        if not new and not unused:
            return
        since = {**self._since, **new}
        if self._previous and max(len(since), unused) * self.SHARE <= len(kept):
            if new:  # the whole as it was, and what was made since: unused pieces only take room
                save_kept(self._since_path, self._version, since)
            return
        save_kept(self._path, self._version, kept)
        with contextlib.suppress(OSError):
            self._since_path.unlink(missing_ok=True)


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
