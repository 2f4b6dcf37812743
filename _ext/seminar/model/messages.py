"""The wording of the problems that the build and ``python -m seminar check`` both report.

The build warns ``seminar.<subtype>`` and ``check`` prints ``[seminar.<subtype>]`` with the same
message, so a contributor sees one text whichever ran; both take it from here.  (The model's own
messages come with :func:`seminar.model.metadata.validate`; the wrong-encoding message is
:func:`seminar.model.sources.encoding_problem`.)
"""

from __future__ import annotations

from collections.abc import Iterable

from .pagekinds import PageKind
from .slugs import slugify


def missing_front_matter(kind: PageKind) -> str:
    """A talk or series page (``kind``) without front matter (``seminar.missing_key``)."""
    return f"a {kind.value} page needs front matter (see CONTRIBUTING.md)"


def unknown_series(series_id: str, known: Iterable[str]) -> str:
    """A talk names a series that has no page (``seminar.unknown_series``); ``known`` lists the ids that do."""
    listing = ", ".join(known) or "none yet"
    return f"unknown series {series_id!r} (known: {listing})"


def duplicate_slug(slug: str, other: str) -> str:
    """Two talk files named ``slug`` (``seminar.duplicate_slug``); ``other`` is the other one as shown."""
    return f"talk slug {slug!r} is also used by {other}; rename one file"


def reserved_document(docname: str) -> str:
    """A source page at the place of a generated index (``seminar.reserved_name``), which the build leaves out."""
    index = {
        "talks/index": "the list of all talks",
        "speakers/index": "the speaker index",
        "tags/index": "the index of tags",
    }
    advice = {
        "talks/index": "move the talk into its year's folder (talks/<YYYY>/<slug>.md)",
        "speakers/index": "a speaker with the id 'index' has the page speakers/index-2 (speakers/index-2.md)",
        "tags/index": "give the page another name",
    }
    return f"{docname}.html is {index[docname]}, so this page is not built; {advice[docname]}"


def duplicate_uid(uid: str, other: str, *, derived: bool = False, theirs: str = "") -> str:
    """Two talks with one UID (``seminar.duplicate_uid``); ``other`` is the page that keeps it, as shown.

    ``derived``: this talk has no ``uid:`` and its UID, derived from its file name, is the other's
    (a talk renamed with its old derived uid kept, and a new talk under the old name).  ``theirs``:
    the other's spelling of the same UUID, when it differs (``{ABC...}`` and ``abc...``).
    """
    spelling = f" (as {theirs!r})" if theirs and theirs != uid else ""
    if derived:
        return (
            f"this talk's uid, derived from its file name ({uid}), is also used by {other}{spelling}; "
            "give this talk a uid: of its own"
        )
    return f"uid {uid!r} is also used by {other}{spelling}; a uid must be unique"


def bad_file_name(kind: PageKind, name: str) -> str:
    """A talk or series file name (``kind``) that is not an id, so not a clean URL (``seminar.bad_value``)."""
    suggestion = slugify(name) or f"my-{kind.value}"
    return (
        f"{kind.value} file name {name!r} is not an id (lower-case ASCII letters and digits, words joined "
        f"by single hyphens), and it is the page's URL; rename the file, e.g. to {suggestion}.md"
    )


def character_kind(char: str) -> str:
    """What ``char``, one that no text of the site may hold, is in words: ``a control character``..."""
    if "\ud800" <= char <= "\udfff":
        return "half of a surrogate pair"
    if char in "\ufffe\uffff":
        return "a noncharacter"
    if char in "\u2028\u2029":
        return f"a {'line' if char == chr(0x2028) else 'paragraph'} separator"
    return "a control character"
