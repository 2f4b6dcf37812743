"""``python -m seminar check [FILE...]``: the front-matter checks of the build, in a second, without Sphinx.

The pre-commit hook and CI run it on talk, series and speaker pages.  Each page's front matter is
read with :func:`seminar.frontmatter.split` and validated with :func:`seminar.model.validate`,
exactly as the build reads it, so the messages, lines and ``[seminar.<subtype>]`` types are the
build's own.  On top of the model it checks what needs only the file tree: a talk's series has a
page, no two talk files share a name, no two talks share a ``uid``, and the file is UTF-8.

What needs the page body parsed (``{bio}`` names, two ``{abstract}`` blocks, roles) is left to the
build.  Output lines read ``path:line: message [seminar.<subtype>]``; exit status 1 when there is
any problem.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from . import frontmatter
from .model import SeriesPage, SpeakerPage, Talk, validate
from .pagekinds import PageKind, page_kind
from .warnings_ import Subtype

__all__ = ["Problem", "Site", "check_file", "check_files", "site_pages", "summary"]

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


@dataclass
class Site:
    """What the checks of one page need to know about the rest of the site at ``root``."""

    root: Path
    _uids: dict[str, list[Path]] | None = field(default=None, repr=False)

    def talks(self) -> list[Path]:
        """Every talk page (any ``.md`` below ``talks/``)."""
        folder = self.root / "talks"
        return sorted(folder.rglob("*.md")) if folder.is_dir() else []

    def series_ids(self) -> list[str] | None:
        """The ids of the series pages, or None when the site has no ``series/`` folder to check against."""
        folder = self.root / "series"
        return sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else None

    def uids(self) -> dict[str, list[Path]]:
        """uid -> the talk pages that give it (read once, on first use)."""
        if self._uids is None:
            self._uids = {}
            for page in self.talks():
                uid = _front_matter_value(page, "uid")
                if isinstance(uid, str) and uid.strip():
                    self._uids.setdefault(uid.strip(), []).append(page)
        return self._uids

    def show(self, path: Path) -> str:
        """``path`` relative to the site root when it is below it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def _front_matter_value(path: Path, key: str) -> object:
    try:
        fm, _body = frontmatter.split(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    return fm.data.get(key) if fm is not None and not fm.error else None


def _kind(path: Path, site: Site) -> PageKind:
    docname = site.show(path)
    return page_kind(docname.removesuffix(".md")) if docname.endswith(".md") else PageKind.OTHER


def check_file(path: Path, site: Site) -> list[Problem]:
    """The problems of one talk, series or speaker page (none for other files)."""
    kind = _kind(path, site)
    model = _MODELS.get(kind)
    if model is None:
        return []
    shown = site.show(path)
    raw = path.read_bytes()
    problems: list[Problem] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        message = (
            f"the file is not valid UTF-8 (byte 0x{raw[err.start]:02x}); save it as UTF-8 — undecodable bytes show as �"
        )
        problems.append(Problem(shown, line, message, Subtype.ENCODING))
        text = raw.decode("utf-8-sig", errors="replace")
    fm, _body = frontmatter.split(text)
    if fm is None:
        if kind is not PageKind.SPEAKER:
            message = f"a {kind.value} page needs front matter (see CONTRIBUTING.md)"
            problems.append(Problem(shown, 1, message, Subtype.MISSING_KEY))
        return problems
    if fm.error:
        problems.append(Problem(shown, fm.error_line, fm.error, Subtype.YAML))
        return problems
    result, issues = validate(model, fm.data)
    problems.extend(Problem(shown, fm.line_of(i.path), i.message, i.subtype) for i in issues)
    if kind is PageKind.TALK and isinstance(result, Talk):
        problems.extend(_talk_problems(path, result, fm, site))
    return problems


def _talk_problems(path: Path, talk: Talk, fm: frontmatter.FrontMatter, site: Site) -> list[Problem]:
    """The site-wide checks of the build (``checks.py``) that need only the file tree."""
    shown = site.show(path)
    problems = []
    series_ids = site.series_ids()
    if series_ids is not None and talk.series not in series_ids:
        known = ", ".join(series_ids) or "none yet"
        message = f"unknown series {talk.series!r} (known: {known})"
        problems.append(Problem(shown, fm.line_of(("series",)), message, Subtype.UNKNOWN_SERIES))
    resolved = path.resolve()
    twins = [p for p in site.talks() if p.stem == path.stem and p.resolve() != resolved]
    if twins:
        message = f"talk slug {path.stem!r} is also used by {site.show(twins[0])}; rename one file"
        problems.append(Problem(shown, 1, message, Subtype.DUPLICATE_SLUG))
    if talk.uid:
        others = [p for p in site.uids().get(talk.uid.strip(), []) if p.resolve() != resolved]
        if others:
            message = f"uid {talk.uid!r} is also used by {site.show(others[0])}; a uid must be unique"
            problems.append(Problem(shown, fm.line_of(("uid",)), message, Subtype.DUPLICATE_UID))
    return problems


def site_pages(root: Path) -> list[Path]:
    """Every talk, series and speaker page of the site at ``root``: what ``check`` with no files checks."""
    talks = sorted((root / "talks").rglob("*.md")) if (root / "talks").is_dir() else []
    flat = [sorted((root / name).glob("*.md")) for name in ("series", "speakers") if (root / name).is_dir()]
    return talks + [page for pages in flat for page in pages]


def check_files(paths: Iterable[Path], site: Site) -> tuple[list[Problem], list[Path]]:
    """The problems of every page in ``paths``, sorted, and the paths that are not site pages."""
    problems: list[Problem] = []
    skipped: list[Path] = []
    for path in paths:
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
