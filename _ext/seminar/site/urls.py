"""Where everything the site publishes lives, and the ids that never change.

Paths are relative to the output root (``talks/2023/x.html``, or ``talks/2023/x/`` with dirhtml,
as the builder names pages); absolute URLs exist only when the site knows its public base URL
(``html_baseurl``, else ``seminar_site_url``).  Calendar UIDs and feed ids are UUIDs derived from
stable keys, so they survive rebuilds, clones and moves.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote, urljoin

from ..model.slugs import UID_NAMESPACE, derived_uid, uid_key, uid_precedence
from .entries import TalkEntry

NAMESPACE = UID_NAMESPACE


def talk_uid(entry: TalkEntry) -> str:
    """The talk's own calendar UID: its front-matter ``uid``, else a UUID5 of its slug (no host name).

    What the site publishes is :func:`assign_uids`'s, which gives way when two talks share one.
    """
    return entry.talk.uid or derived_uid(entry.slug)


def stable_uuid(key: str) -> uuid.UUID:
    """``key`` if it is a UUID, else a UUID5 of it: the same key always gives the same UUID (:func:`uid_key`)."""
    return uid_key(key)


@dataclass(frozen=True)
class UidClash:
    """A talk whose UID another talk holds: it gets another (``uid``) and is warned about."""

    entry: TalkEntry
    holder: TalkEntry
    given: str
    """The UID the talk gives (its ``uid:``, or derived from its slug)."""
    uid: str
    """The UID it gets instead."""


def assign_uids(talks: Iterable[TalkEntry]) -> tuple[dict[str, str], list[UidClash]]:
    """The UID of every talk by document, each unique, and the talks that had to give way.

    Two talks share a UID when their UIDs are one UUID (:func:`uid_key`: also ``{ABC...}`` and
    ``abc...``, whose Atom ids are one): a derived one can equal another talk's ``uid:`` after a
    rename, for instance.  The talk that comes first by :func:`uid_precedence` keeps it; the other
    gets a UUID5 of its page path, so no calendar or feed carries two events with one id.
    """

    def precedence(entry: TalkEntry) -> tuple[bool, str, str, str]:
        return uid_precedence(
            entry.talk.uid is not None, entry.talk.date.isoformat(), entry.talk.time or "", entry.docname
        )

    holders: dict[uuid.UUID, TalkEntry] = {}
    uids: dict[str, str] = {}
    clashes: list[UidClash] = []
    for entry in sorted(talks, key=precedence):
        given = uid = talk_uid(entry)
        holder = holders.get(uid_key(uid))
        if holder is not None:
            uid = str(uuid.uuid5(NAMESPACE, f"duplicate uid of {entry.docname}"))
            while uid_key(uid) in holders:  # only by design of an adversary
                uid = str(uuid.uuid5(NAMESPACE, uid))
            clashes.append(UidClash(entry, holder, given, uid))
        holders[uid_key(uid)] = entry
        uids[entry.docname] = uid
    return uids, sorted(clashes, key=lambda clash: clash.entry.docname)


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


def file_url(path: str) -> str:
    """The URL path of the output file at ``path``: percent-encoded, its ``/`` kept.

    The calendars and feeds are named by their file paths, and a ``#``, ``?``, ``%`` or space in a
    file name cuts or changes a link that is not encoded (``c#.ics`` would link ``c``).  Pages are
    named by the builder (:func:`page_url`).
    """
    return quote(path, safe="/")


_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PLAIN = re.compile(r"[A-Za-z0-9_./-]*")


def plain(name: str) -> bool:
    """``name`` (a page's) stands in a URL as it is: every builder's URIs for it are valid URLs."""
    return _PLAIN.fullmatch(name) is not None


def page_url(uri: str) -> str:
    """A page's URI from the builder as a valid URL: what may not stand in one percent-encoded.

    The html builder encodes the names of pages in their URIs, the dirhtml builder does not
    (``talks/2023/c#/``), so the escapes already there are kept and the rest is encoded.
    """
    if plain(uri):
        return uri  # every page name of a site that follows the contract
    return quote(_LONE_PERCENT.sub("%25", uri), safe="/%:@!$&'()*+,;=")


def talk_ics(entry: TalkEntry) -> str:
    """Path of a talk's own calendar (a file path: :func:`file_url` makes it a URL)."""
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


def topic_ics(topic_id: str) -> str:
    """The calendar of a topic's talks (with a vocabulary), beside its page."""
    return f"tags/{topic_id}.ics"


def topic_atom(topic_id: str) -> str:
    """The Atom feed of a topic's talks (with a vocabulary), beside its page."""
    return f"tags/{topic_id}.atom.xml"
