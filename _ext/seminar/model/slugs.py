"""Turning names and titles into URL-safe identifiers, the one pattern a slug must match, and talk UIDs.

Speaker ids, talk slugs and tag page names all come from here, so a name is spelled the same way
in every URL the site publishes (``Christopher Ré`` -> ``christopher-re``).  A talk's calendar
UID is its ``uid:``, else derived from its slug; two talks must not share one, also not in
another spelling of the same UUID (:func:`uid_key`), which the build and ``seminar check`` both
decide with :func:`uid_precedence`.
"""

from __future__ import annotations

import re
import unicodedata
import uuid

_NON_ALNUM = re.compile(r"[^a-z0-9]+")

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""What a series id, a speaker ``id:`` or a talk's file name may be: lower-case words and single hyphens."""

SLUG = re.compile(SLUG_PATTERN)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; accents are folded, everything else dropped."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("-", folded.lower()).strip("-")


RESERVED_IDS = frozenset({"index"})
"""Page ids that generated pages take: ``speakers/index`` (the speaker index) and ``tags/index`` (the tag index)."""


def page_id(text: str) -> str:
    """The id of the page of a speaker or a tag named ``text``: its slug, or ``<slug>-2`` when that is reserved.

    A speaker named Index or a tag Index would otherwise take the page of an index; every name
    that becomes a page id (front matter, a ``{speaker}`` role, a ``:speaker:`` or ``:tag:`` option)
    goes through here, so they all find the same page.
    """
    slug = slugify(text)
    return f"{slug}-2" if slug in RESERVED_IDS else slug


UID_NAMESPACE = uuid.UUID("3f0e4826-ed26-4d6f-901f-308abbfc2cb6")
"""Fixed namespace of the UUIDs derived from talk slugs (and other keys); changing it would change every UID."""


def derived_uid(slug: str) -> str:
    """The UID of a talk with no ``uid:``: a UUID5 of its slug (no host name, the same wherever it is built)."""
    return str(uuid.uuid5(UID_NAMESPACE, slug))


def uid_key(key: str) -> uuid.UUID:
    """``key`` if it is a UUID (in any case, with or without braces or hyphens), else a UUID5 of it.

    The same key always gives the same UUID; Atom ids are its ``urn:uuid:``, so two uids with one
    key are one id.
    """
    try:
        return uuid.UUID(key)
    except ValueError:
        return uuid.uuid5(UID_NAMESPACE, key)


def uid_precedence(written: bool, date: str, time: str, docname: str) -> tuple[bool, str, str, str]:
    """The order in which talks claim a UID they share: a written ``uid:`` before a derived one, then the earlier talk.

    A written uid is a promise (subscribed calendars know it, and it survives a rename), so a talk
    whose derived UID happens to equal it gives way; between two of a kind the later talk does.
    """
    return (not written, date, time, docname)


def plural(count: int, word: str) -> str:
    """``1 talk``, ``2 talks``."""
    return f"{count} {word}{'s' if count != 1 else ''}"
