"""``python -m seminar check [FILE...]``: the front-matter checks of the build, in a second, without Sphinx.

The pre-commit hook and CI run it on talk, series and speaker pages.  Each page's front matter is
read with :func:`seminar.model.frontmatter.split` and validated with
:func:`seminar.model.metadata.validate`, exactly as the build reads it, so the messages, lines and
``[seminar.<subtype>]`` types are the build's own.  On top of the model it checks what needs only
the file tree: a talk's series has a page, no two talk files share a name, no two talks share a
UID (written or derived from the file name, in any spelling of one UUID; reported on the talk that
gives way, as the build does), and the file is UTF-8 without control characters; those messages are worded by :mod:`seminar.model.messages` and
:func:`seminar.model.sources.encoding_problem`, for the build and this check alike.  With a topic
vocabulary (``tags.yaml``), a talk's tags are checked against it and the file itself is checked
when it is among the files (and by default), with :mod:`seminar.model.vocabulary`, as the build does.

What needs the page body parsed (``{bio}`` names, two ``{abstract}`` blocks, roles) is left to the
build.  Output lines read ``path:line: message [seminar.<subtype>]``; exit status 1 when there is
any problem.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from ..model import messages
from ..model.frontmatter import FrontMatter, split
from ..model.metadata import SeriesPage, SpeakerPage, Talk, one_line, reserved_ids, validate
from ..model.pagekinds import RESERVED_DOCUMENTS, PageKind, page_kind
from ..model.slugs import SLUG, derived_uid, uid_key, uid_precedence
from ..model.sources import (
    control_character_problem,
    encoding_problem,
    read_front_matter,
    series_ids,
    shown,
    talk_pages,
    without_control_characters,
)
from ..model.subtypes import Subtype
from ..model.vocabulary import VOCABULARY_FILE, Vocabulary, read_vocabulary, tag_problems

__all__ = ["Problem", "SiteFiles", "UidClaim", "check_file", "check_files", "summary"]

_MODELS: dict[PageKind, type[BaseModel]] = {
    PageKind.TALK: Talk,
    PageKind.SERIES: SeriesPage,
    PageKind.SPEAKER: SpeakerPage,
}


@dataclass(frozen=True, order=True)
class Problem:
    """One problem at ``path:line``, typed like the build's warning."""

    path: str
    line: int
    message: str
    subtype: Subtype

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message} [seminar.{self.subtype.value}]"


@dataclass(frozen=True)
class UidClaim:
    """A talk page's claim to its UID: the UID it gives and its place in :func:`uid_precedence`."""

    path: Path
    uid: str
    written: bool
    precedence: tuple[bool, str, str, str]


@dataclass
class SiteFiles:
    """The site at ``root`` as the checks of one page see it: its files, and the UIDs its talks claim."""

    root: Path
    _claims: dict[uuid.UUID, list[UidClaim]] | None = field(default=None, repr=False)
    _vocabulary: tuple[Vocabulary | None, list[Problem]] | None = field(default=None, repr=False)

    @property
    def vocabulary_file(self) -> Path:
        """Where the site's topic vocabulary is (whether or not it exists)."""
        return self.root / VOCABULARY_FILE

    def vocabulary(self) -> tuple[Vocabulary | None, list[Problem]]:
        """The site's topic vocabulary (``None``: free-form tags) and the problems of its file (read once)."""
        if self._vocabulary is None:
            found, problems = read_vocabulary(self.root)
            where = shown(self.vocabulary_file, self.root)
            self._vocabulary = found, [Problem(where, p.line, p.message, p.subtype) for p in problems]
        return self._vocabulary

    def uid_claims(self) -> dict[uuid.UUID, list[UidClaim]]:
        """Each UUID (:func:`uid_key`) -> the talk pages whose UID it is, written or derived (read once)."""
        if self._claims is None:
            self._claims = {}
            for page in talk_pages(self.root):
                fm = read_front_matter(page)
                data = fm.data if fm is not None and not fm.error else {}
                given = data.get("uid")
                written = isinstance(given, str) and bool(one_line(given).strip())
                # as the model reads it: one line
                uid = one_line(str(given)).strip() if written else derived_uid(page.stem)
                docname = shown(page, self.root).removesuffix(".md")
                order = uid_precedence(written, str(data.get("date") or ""), str(data.get("time") or ""), docname)
                self._claims.setdefault(uid_key(uid), []).append(UidClaim(page.resolve(), uid, written, order))
        return self._claims


def _kind(path: Path, site: SiteFiles) -> PageKind:
    docname = shown(path, site.root)
    return page_kind(docname.removesuffix(".md")) if docname.endswith(".md") else PageKind.OTHER


def check_file(path: Path, site: SiteFiles) -> list[Problem]:
    """The problems of one talk, series or speaker page (none for other files)."""
    kind = _kind(path, site)
    model = _MODELS.get(kind)
    if model is None:
        return []
    where = shown(path, site.root)
    if where.removesuffix(".md") in RESERVED_DOCUMENTS:  # the build leaves it out
        return [Problem(where, 1, messages.reserved_document(where.removesuffix(".md")), Subtype.RESERVED_NAME)]
    raw = path.read_bytes()
    problems: list[Problem] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line, message = encoding_problem(raw, err)
        problems.append(Problem(where, line, message, Subtype.ENCODING))
        text = raw.decode("utf-8-sig", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # line ends as Sphinx reads them
    control = control_character_problem(text)
    if control is not None:
        line, message = control
        problems.append(Problem(where, line, message, Subtype.ENCODING))
        text = without_control_characters(text)
    if kind in (PageKind.TALK, PageKind.SERIES) and not SLUG.match(path.stem):
        problems.append(Problem(where, 1, messages.bad_file_name(kind, path.stem), Subtype.BAD_VALUE))
    fm, _body = split(text)
    if fm is None:
        if kind is not PageKind.SPEAKER:
            problems.append(Problem(where, 1, messages.missing_front_matter(kind), Subtype.MISSING_KEY))
        return problems
    if fm.error:
        problems.append(Problem(where, fm.error_line, fm.error, Subtype.YAML))
        return problems
    result, issues = validate(model, fm.data)
    problems.extend(Problem(where, fm.line_of(i.path), i.message, i.subtype) for i in issues)
    if kind is PageKind.TALK and isinstance(result, Talk):
        problems.extend(Problem(where, fm.line_of(i.path), i.message, i.subtype) for i in reserved_ids(result))
        problems.extend(_talk_problems(path, result, fm, site))
    return problems


def _talk_problems(path: Path, talk: Talk, fm: FrontMatter, site: SiteFiles) -> list[Problem]:
    """The site-wide checks of the build (``SeminarDomain.check_consistency``) that need only the file tree."""
    where = shown(path, site.root)
    problems = []
    known = series_ids(site.root)
    if known is not None and talk.series not in known:
        message = messages.unknown_series(talk.series, known)
        problems.append(Problem(where, fm.line_of(("series",)), message, Subtype.UNKNOWN_SERIES))
    resolved = path.resolve()
    twins = [p for p in talk_pages(site.root) if p.stem == path.stem and p.resolve() != resolved]
    if twins:
        message = messages.duplicate_slug(path.stem, shown(twins[0], site.root))
        problems.append(Problem(where, 1, message, Subtype.DUPLICATE_SLUG))
    vocabulary, _problems = site.vocabulary()
    if vocabulary is not None:
        for subtype, message, index in tag_problems(list(talk.tags), vocabulary):
            line = fm.line_of(("tags",) if index is None else ("tags", index))
            problems.append(Problem(where, line, message, subtype))
    uid = talk.uid or derived_uid(path.stem)
    claims = site.uid_claims().get(uid_key(uid), [])
    holder = min(claims, key=lambda claim: claim.precedence) if claims else None
    written = talk.uid is not None
    one_name = holder is not None and not written and not holder.written  # one file name: the duplicate_slug above
    if holder is not None and holder.path != resolved and not one_name:  # as the build: the talk that gives way is told
        message = messages.duplicate_uid(uid, shown(holder.path, site.root), derived=not written, theirs=holder.uid)
        problems.append(Problem(where, fm.line_of(("uid",)) if written else 1, message, Subtype.DUPLICATE_UID))
    return problems


def check_files(paths: Iterable[Path], site: SiteFiles) -> tuple[list[Problem], list[Path]]:
    """The problems of every page in ``paths`` (and of the vocabulary, ``tags.yaml``, if it is one), sorted; the paths that are not site pages."""
    problems: list[Problem] = []
    skipped: list[Path] = []
    for path in paths:
        if path.resolve() == site.vocabulary_file.resolve():
            problems.extend(site.vocabulary()[1])
            continue
        if _kind(path, site) is PageKind.OTHER:
            skipped.append(path)
            continue
        problems.extend(check_file(path, site))
    return sorted(problems), skipped


def summary(problems: Sequence[Problem], checked: int) -> str:
    """The last line of the report."""
    if not problems:
        return f"checked {checked} page(s): no problems"
    files = len({p.path for p in problems})
    return f"{len(problems)} problem(s) in {files} of {checked} page(s); see CONTRIBUTING.md, 'What the checks enforce'"
