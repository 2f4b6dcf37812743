"""Where everything the site publishes lives, and the ids that never change.

Paths are relative to the output root (``talks/2023/x.html``, or ``talks/2023/x/`` with dirhtml,
as the builder names pages); absolute URLs exist only when the site knows its public base URL
(``html_baseurl``, else ``seminar_site_url``).  Calendar UIDs and feed ids are UUIDs derived from
stable keys, so they survive rebuilds, clones and moves.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

from .entries import TalkEntry

# Fixed namespace of the UUIDs derived from talk slugs; changing it would change every UID.
NAMESPACE = uuid.UUID("3f0e4826-ed26-4d6f-901f-308abbfc2cb6")


def talk_uid(entry: TalkEntry) -> str:
    """The talk's calendar UID: its front-matter ``uid``, else a UUID5 of its slug (no host name)."""
    return entry.talk.uid or str(uuid.uuid5(NAMESPACE, entry.slug))


def stable_uuid(key: str) -> uuid.UUID:
    """``key`` if it is a UUID, else a UUID5 of it: the same key always gives the same UUID."""
    try:
        return uuid.UUID(key)
    except ValueError:
        return uuid.uuid5(NAMESPACE, key)


def urn(key: str) -> str:
    """A stable ``urn:uuid:`` IRI for ``key`` (see :func:`stable_uuid`)."""
    return stable_uuid(key).urn


def base_url(html_baseurl: str, site_url: str) -> str:
    """The public URL of the site root (``html_baseurl``, else ``seminar_site_url``), ending in ``/``; or ``""``."""
    base = html_baseurl or site_url or ""
    return base if not base or base.endswith("/") else base + "/"


@dataclass(frozen=True)
class Links:
    """Where outputs live: paths relative to the output root, and absolute URLs when the base is known."""

    base: str
    page: Callable[[str], str]
    """The path of a page (``talks/2023/x.html``; ``talks/2023/x/`` with dirhtml), by document name."""
    root_doc: str = "index"

    def absolute(self, path: str) -> str | None:
        """The public URL of ``path``, or ``None`` when no base URL is configured."""
        return urljoin(self.base, path) if self.base else None


def talk_ics(entry: TalkEntry) -> str:
    """Path of a talk's own calendar."""
    return f"{entry.docname}.ics"


def series_ics(series_id: str) -> str:
    """Path of a series' calendar."""
    return f"series/{series_id}.ics"


def speaker_ics(speaker_id: str) -> str:
    """Path of a speaker's calendar."""
    return f"speakers/{speaker_id}.ics"


def series_atom(series_id: str) -> str:
    """Path of a series' Atom feed."""
    return f"series/{series_id}.atom.xml"
