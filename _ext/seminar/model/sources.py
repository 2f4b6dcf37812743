"""The site's source files as the command-line tools find them: one scanner and one path helper.

The build asks Sphinx for its documents; the tools (``check``, ``new-talk``, ``new-series``,
``import-jekyll``) work on the file tree before or without a build, and find the talk, series and
speaker pages here, by the same layout rules as :func:`seminar.model.pagekinds.page_kind`.
"""

from __future__ import annotations

from pathlib import Path

from .frontmatter import FrontMatter, split


def talk_pages(root: Path) -> list[Path]:
    """Every talk page of the site at ``root``: any ``.md`` below ``talks/``, sorted."""
    folder = root / "talks"
    return sorted(folder.rglob("*.md")) if folder.is_dir() else []


def pages_in(folder: Path) -> list[Path]:
    """The pages directly in ``folder`` (``series/``, ``speakers/``): its ``.md`` files, sorted."""
    return sorted(folder.glob("*.md")) if folder.is_dir() else []


def series_ids(root: Path) -> list[str] | None:
    """The ids of the series pages of the site at ``root``, or ``None`` when it has no ``series/`` folder."""
    folder = root / "series"
    return [page.stem for page in pages_in(folder)] if folder.is_dir() else None


def site_pages(root: Path) -> list[Path]:
    """Every talk, series and speaker page of the site at ``root``: talks first, then series, then speakers."""
    return talk_pages(root) + pages_in(root / "series") + pages_in(root / "speakers")


def read_front_matter(path: Path) -> FrontMatter | None:
    """The front matter of the page at ``path`` (``None`` when the file has none or cannot be read)."""
    try:
        fm, _body = split(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None
    return fm


def shown(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when it is below it (for messages), else as given."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
